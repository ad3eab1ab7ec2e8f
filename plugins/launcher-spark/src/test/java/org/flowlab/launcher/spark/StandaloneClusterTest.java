package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a Master and two one-core Workers, each its own JVM from the
 * Maven jars) runs a 4-trial sweep: the store equals a local run's, the trials ran on both workers, and a
 * worker killed mid-trial (while it logs the trial live to a real MLflow server) costs nothing but time: one
 * complete copy of every trial in the store and in MLflow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

    private static final String CONF = """
            launcher:
              connectSeconds: 90
              conf: {spark.driver.host: 127.0.0.1, spark.driver.bindAddress: 127.0.0.1, spark.executor.memory: 768m}
            """;

    /** A real MLflow server: the workers log their trials to it live. */
    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

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
    @Order(3) // kills a worker: last
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

        // A worker dies mid-trial, while its trial is logging live to MLflow (200 steps: seconds, long enough to be
        // caught training): Spark runs the trial again on the other worker; the driver writes it once, and MLflow
        // ends with one complete run of it.
        Path killFile = TinySweep.write(folder, "kill", 4, 200, CONF);
        Path killStore = folder.resolve("kill-store");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> FlowLabCli.run(new String[] {"run",
                killFile.toString(), "--store", killStore.toString(), "--launcher", "spark", "--master", cluster.url(),
                "--tracking-uri", MLFLOW.uri()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        String liveRun = awaitLiveTrialRun(rest, "kill", out);
        String executor = executorOf(liveRun, out);
        int victim = cluster.workerOf(executor);
        assertThat(victim).as("the worker of executor " + executor).isNotNegative();
        cluster.kill(victim);

        int exit = run.get(5, TimeUnit.MINUTES);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8) + printed).isZero();
        assertThat(printed).contains("lost on executor " + executor, "retried →");
        TinySweep.assertComplete(killStore, "kill", 4, 200);
        for (StoredTrial trial : RunStore.open(killStore).trials("kill")) {
            assertThat(trial.attempt()).as("one attempt, no partial copy: " + trial.info().runName()).isEqualTo(1);
            assertThat(trial.metric("test/bpd")).hasSize(100);
        }
        // MLflow holds exactly what the store holds: one run per trial (the one its worker logged live, completed
        // by the driver), every point once, the trials' own start and end; the lost try's run is deleted.
        MirrorAssertions.assertMirrored(RunStore.open(killStore), "kill", rest);
        assertThat(rest.deletedRuns("kill")).as("the killed worker's live run of " + liveRun)
                .anySatisfy(r -> {
                    assertThat(r.path("info").path("run_name").asText()).isEqualTo(liveRun);
                    assertThat(MlflowRest.metricKeys(r)).isNotEmpty();
                });
    }

    /**
     * The README's spark-submit form: the master starts {@code flowlab run} itself on a worker (cluster mode), which
     * then runs its trials on the cluster as a client-mode driver would; the store is where it was told.
     */
    @Test
    @Order(2)
    void sparkSubmitInClusterModeRunsTheDriverOnAWorker() throws Exception {
        Path file = TinySweep.write(folder, "submitted", 2, 4, CONF);
        Path store = folder.resolve("submitted-store");
        Path jar = ApplicationJar.empty(folder);
        StandaloneCluster.SubmittedDriver driver = cluster.submitClusterMode(jar, System.getProperty("java.class.path"),
                FlowLabCli.class.getName(), List.of("run", file.toString(), "--store", store.toString(),
                        "--launcher", "spark", "--master", cluster.url()), 240);

        assertThat(driver.state()).as(driver.output()).isEqualTo("FINISHED");
        assertThat(driver.folder().getParent().getFileName().toString()).as("the driver ran on a worker").startsWith("worker-");
        assertThat(driver.output()).contains("trials run on Spark (" + cluster.url() + ")",
                "2 trial(s) run, 0 skipped (already finished), 0 failed");
        TinySweep.assertComplete(store, "submitted", 2, 4);
    }

    @Test
    @Order(1)
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

    /** The name of a trial run that MLflow shows RUNNING with metric points: a worker is logging it live. */
    private static String awaitLiveTrialRun(MlflowRest rest, String experiment, ByteArrayOutputStream out)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (JsonNode run : rest.runsOfExperiment(experiment)) {
                if ("trial".equals(MlflowRest.tag(run, "flowlab.kind")) && "RUNNING".equals(MlflowRest.status(run))
                        && !MlflowRest.metricKeys(run).isEmpty()) {
                    return run.path("info").path("run_name").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no trial logged live to MLflow within 120 s:\n" + out.toString(StandardCharsets.UTF_8));
    }

    /** The executor the console says the trial started on. */
    private static String executorOf(String runName, ByteArrayOutputStream out) {
        Matcher m = Pattern.compile(Pattern.quote("  " + runName + " → ") + "executor (\\d+) on")
                .matcher(out.toString(StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new AssertionError("the console does not say where " + runName + " started:\n"
                    + out.toString(StandardCharsets.UTF_8));
        }
        return m.group(1);
    }

    private static JsonNode provenance(StoredTrial trial) {
        return StoreJson.readJson(trial.folder().resolve("provenance.json"));
    }
}
