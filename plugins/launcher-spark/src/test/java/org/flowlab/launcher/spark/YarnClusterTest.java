package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.spark.launcher.JavaModuleOptions;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.store.StoredTrial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --master yarn} on a real YARN cluster (a ResourceManager and a NodeManager, each its own JVM on
 * 127.0.0.1), driven as a user drives it: {@code flowlab run} in its own process with HADOOP_CONF_DIR set and no
 * Spark installed anywhere. The trials run in YARN containers, and the store equals a local run's.
 */
class YarnClusterTest {

    private static final String CONF = """
            launcher:
              connectSeconds: 120
              conf: {spark.driver.host: 127.0.0.1, spark.driver.bindAddress: 127.0.0.1, spark.executor.memory: 640m,
                     spark.executor.instances: "2", spark.yarn.am.memory: 384m, spark.yarn.stagingDir: "%s"}
            """;

    @TempDir
    static Path folder;
    private static YarnCluster yarn;

    @BeforeAll
    static void startCluster() throws Exception {
        yarn = YarnCluster.start(folder, 4096, 4);
    }

    @AfterAll
    static void stopCluster() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void aSweepRunsInYarnContainersAndLeavesTheStoreALocalRunLeaves() throws Exception {
        Path file = TinySweep.write(folder, "tiny", 4, 4, CONF.formatted(folder.resolve("staging")));
        Path local = folder.resolve("local");
        Path yarnStore = folder.resolve("yarn");
        Cli.Result localRun = Cli.run("run", file.toString(), "--store", local.toString());
        assertThat(localRun.exitCode()).as(localRun.err()).isZero();

        String printed = flowlabRun(file, yarnStore);

        TinySweep.assertComplete(yarnStore, "tiny", 4, 4);
        assertThat(TinySweep.curves(yarnStore, "tiny")).isEqualTo(TinySweep.curves(local, "tiny"));
        assertThat(TinySweep.finalTestBpd(yarnStore, "tiny")).isEqualTo(TinySweep.finalTestBpd(local, "tiny"));
        // YARN's own record: the application finished and succeeded; every trial ran in one of its containers (an
        // executor's working folder is its container's, under the NodeManager's local dirs).
        JsonNode app = application("flowlab", printed);
        assertThat(app.path("state").asText()).isEqualTo("FINISHED");
        assertThat(app.path("finalStatus").asText()).isEqualTo("SUCCEEDED");
        Set<String> executors = new HashSet<>();
        for (StoredTrial trial : RunStore.open(yarnStore).trials("tiny")) {
            JsonNode launcher = provenance(trial).path("launcher");
            assertThat(launcher.path("workDir").asText()).startsWith(folder.resolve("nm-local").toString())
                    .contains(containerPrefix(app));
            executors.add(launcher.path("executor").asText());
        }
        assertThat(executors).as("two executors, two containers").hasSize(2);
        assertThat(printed).contains("trials run on Spark (yarn)").containsPattern("→ executor \\d+ on ");
    }

    /** --ship-data on YARN: Spark's file distribution puts the driver's dataset into the containers. */
    @Test
    void shipDataSendsTheDriversDatasetIntoTheContainers() throws Exception {
        Path file = TinySweep.writeWithMnistOnTheDriverOnly(folder, "ship",
                CONF.formatted(folder.resolve("staging")));
        Path store = folder.resolve("ship-store");

        String printed = flowlabRun(file, store, "--ship-data");

        assertThat(printed).contains("shipping " + folder.resolve("driver-data") + " to the workers");
        TinySweep.assertComplete(store, "ship", 1, 2);
        StoredTrial trial = RunStore.open(store).trials("ship").get(0);
        String readFrom = provenance(trial).path("launcher").path("dataDir").asText();
        assertThat(readFrom).startsWith(folder.resolve("nm-local").toString()).contains("flowlab-data-");
    }

    /**
     * The README's spark-submit form on YARN (cluster mode): the application master runs {@code flowlab run} itself,
     * which runs its trials on the cluster; YARN records one attempt that succeeded (an exiting main would have
     * counted as a crash and been run again).
     */
    @Test
    void sparkSubmitInClusterModeRunsFlowlabInTheApplicationMaster() throws Exception {
        Path file = TinySweep.write(folder, "submitted", 2, 4, CONF.formatted(folder.resolve("staging")));
        Path store = folder.resolve("submitted-store");
        String classPath = System.getProperty("java.class.path");
        // as bin/spark-submit starts it: Spark's SparkSubmit with the cluster's conf folder on its class path
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.addAll(List.of("-Xmx512m", "-cp", yarn.confDir() + java.io.File.pathSeparator + classPath,
                "org.apache.spark.deploy.SparkSubmit", "--master", "yarn", "--deploy-mode", "cluster",
                "--name", "flowlab-submitted", "--class", FlowLabCli.class.getName(), "--driver-memory", "768m",
                // the containers' Spark and FlowLab: this class path, read in place (the runnable jar in real use)
                "--conf", "spark.yarn.jars=" + ClusterManagerSetup.classPathInPlace(),
                "--conf", "spark.yarn.stagingDir=" + folder.resolve("staging"),
                ApplicationJar.empty(folder).toString(),
                "run", file.toString(), "--store", store.toString(), "--launcher", "spark", "--master", "yarn"));
        Path log = folder.resolve("spark-submit.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HADOOP_CONF_DIR", yarn.confDir().toString());
        Process submit = builder.start();
        boolean ended = submit.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            submit.destroyForcibly();
        }
        assertThat(ended && submit.exitValue() == 0).as(Files.readString(log)).isTrue();

        JsonNode app = application("flowlab-submitted", Files.readString(log));
        assertThat(app.path("state").asText()).isEqualTo("FINISHED");
        assertThat(app.path("finalStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(yarn.attempts(app.path("id").asText())).as("one attempt: flowlab's main returned").isEqualTo(1);
        TinySweep.assertComplete(store, "submitted", 2, 4);
        assertThat(yarn.containerOutput(app.path("id").asText(), 1)).contains("trials run on Spark (yarn)",
                "2 trial(s) run, 0 skipped (already finished), 0 failed");
    }

    /**
     * {@code flowlab run FILE --launcher spark --master yarn [ARGS]}, as a user runs it, with the cluster's conf
     * folder as HADOOP_CONF_DIR; fails the test unless it exits 0 within five minutes.
     *
     * @return what it printed
     */
    private static String flowlabRun(Path file, Path store, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                FlowLabCli.class.getName(), "run", file.toString(), "--store", store.toString(),
                "--launcher", "spark", "--master", "yarn"));
        command.addAll(List.of(args));
        Path log = folder.resolve(store.getFileName() + "-driver.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HADOOP_CONF_DIR", yarn.confDir().toString());
        builder.environment().remove("YARN_CONF_DIR");
        Process driver = builder.start();
        boolean ended = driver.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            driver.destroyForcibly();
        }
        String printed = Files.readString(log);
        assertThat(ended && driver.exitValue() == 0).as(printed + "\n" + yarn.log("resourcemanager")).isTrue();
        return printed;
    }

    /** The newest SPARK application the ResourceManager knows. */
    private static JsonNode application(String name, String printed) {
        return StreamSupport.stream(yarn.applications().spliterator(), false)
                .filter(a -> a.path("applicationType").asText().equals("SPARK") && a.path("name").asText().equals(name))
                .max(java.util.Comparator.comparingLong(a -> a.path("startedTime").asLong()))
                .orElseThrow(() -> new AssertionError("YARN has no application " + name + ":\n" + printed));
    }

    private static String containerPrefix(JsonNode app) {
        return app.path("id").asText().replace("application_", "container_");
    }

    private static JsonNode provenance(StoredTrial trial) {
        return StoreJson.readJson(trial.folder().resolve("provenance.json"));
    }
}
