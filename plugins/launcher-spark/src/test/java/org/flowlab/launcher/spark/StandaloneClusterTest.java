package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.store.StoredTrial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a Master and two one-core Workers, each its own JVM from the
 * Maven jars) runs a 4-trial sweep: the store equals a local run's, the trials ran on both workers, and a
 * worker killed mid-trial costs nothing but time.
 */
class StandaloneClusterTest {

    private static final String CONF = """
            launcher:
              connectSeconds: 90
              conf: {spark.driver.host: 127.0.0.1, spark.driver.bindAddress: 127.0.0.1, spark.executor.memory: 768m}
            """;

    @TempDir
    static Path folder;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(folder, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSweepOnTheClusterLeavesTheStoreALocalRunLeavesThenSurvivesALostWorker() throws Exception {
        Path file = TinySweep.write(folder, "tiny", 4, 4, CONF);
        Path local = folder.resolve("local");
        Path spark = folder.resolve("spark");

        Cli.Result localRun = Cli.run("run", file.toString(), "--store", local.toString());
        Cli.Result sparkRun = Cli.run("run", file.toString(), "--store", spark.toString(),
                "--launcher", "spark", "--master", cluster.url());

        assertThat(localRun.exitCode()).as(localRun.err()).isZero();
        assertThat(sparkRun.exitCode()).as(sparkRun.err() + sparkRun.out()).isZero();
        TinySweep.assertComplete(spark, "tiny", 4, 4);
        assertThat(TinySweep.curves(spark, "tiny")).isEqualTo(TinySweep.curves(local, "tiny"));
        assertThat(TinySweep.finalTestBpd(spark, "tiny")).isEqualTo(TinySweep.finalTestBpd(local, "tiny"));
        // Spark's own record: the executor id each task ran on (kept in provenance), and each worker's work dir.
        Set<String> executors = RunStore.open(spark).trials("tiny").stream()
                .map(t -> provenance(t).path("launcher").path("executor").asText()).collect(Collectors.toSet());
        assertThat(executors).hasSize(2);
        assertThat(cluster.executorsOn(0)).isNotEmpty();
        assertThat(cluster.executorsOn(1)).isNotEmpty();
        assertThat(sparkRun.out()).containsPattern("→ executor \\d+ on 127\\.0\\.0\\.1");

        // A worker dies mid-trial: Spark runs the trial again on the other one; the driver writes it once.
        Path killFile = TinySweep.write(folder, "kill", 4, 60, CONF);
        Path killStore = folder.resolve("kill-store");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> FlowLabCli.run(new String[] {"run",
                killFile.toString(), "--store", killStore.toString(), "--launcher", "spark", "--master", cluster.url()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String executor = awaitTrialStart(out);
        Thread.sleep(1_500);
        int victim = cluster.workerOf(executor);
        assertThat(victim).as("the worker of executor " + executor).isNotNegative();
        cluster.kill(victim);

        int exit = run.get(5, TimeUnit.MINUTES);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8) + printed).isZero();
        assertThat(printed).contains("lost on executor " + executor, "retried →");
        TinySweep.assertComplete(killStore, "kill", 4, 60);
        for (StoredTrial trial : RunStore.open(killStore).trials("kill")) {
            assertThat(trial.attempt()).as("one attempt, no partial copy: " + trial.info().runName()).isEqualTo(1);
            assertThat(trial.metric("test/bpd")).hasSize(30);
        }
    }

    @Test
    void aWorkerWithoutTheDataStopsTheRunWithOneMessage() throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("nodata.yaml"), """
                name: nodata
                dataset: {name: mnist, trainSize: 64, testSize: 32, dataDir: %s}
                model: {levels: 2, depth: 1, hidden: 8}
                train: {steps: 2, batchSize: 16, warmupSteps: 2, evalEvery: 2, evalBatchSize: 32}
                %s""".formatted(folder.resolve("not-on-the-workers"), CONF));
        Cli.Result result = Cli.run("run", file.toString(), "--store", folder.resolve("nodata-store").toString(),
                "--launcher", "spark", "--master", cluster.url());

        assertThat(result.exitCode()).as(result.err() + result.out()).isEqualTo(1);
        assertThat(result.err()).containsPattern("worker \\S+ \\(executor \\d+, .*worker-\\d.*\\) cannot read dataset mnist")
                .contains("not-on-the-workers", "fix: put the files where every worker reads them", "--ship-data");
    }

    private static String awaitTrialStart(ByteArrayOutputStream out) throws InterruptedException {
        Pattern started = Pattern.compile("→ executor (\\d+) on");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = started.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no trial started within 120 s:\n" + out.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode provenance(StoredTrial trial) {
        return StoreJson.readJson(trial.folder().resolve("provenance.json"));
    }
}
