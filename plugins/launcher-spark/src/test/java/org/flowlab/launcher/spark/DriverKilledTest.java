package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.launcher.JavaModuleOptions;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver ({@code flowlab run --launcher spark}, a child process) killed with SIGKILL after a trial came back:
 * running the same command again skips the finished trials, as locally, and leaves their records untouched.
 */
class DriverKilledTest {

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    Path folder;

    @Test
    void aKilledDriverResumesWithoutRepeatingFinishedTrials() throws Exception {
        Path file = TinySweep.write(folder, "resume", 4, 12, "");
        Path store = folder.resolve("runs");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                FlowLabCli.class.getName(), "run", file.toString(), "--store", store.toString(),
                "--launcher", "spark", "--master", "local[1]"));
        Process driver = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("driver.log").toFile()).start();
        try {
            awaitAFinishedTrial(store, driver);
        } finally {
            driver.destroyForcibly(); // SIGKILL: no shutdown hook, no Spark shutdown
            driver.waitFor();
        }
        Map<String, String> finishedBeforeKill = new HashMap<>();
        for (StoredTrial trial : RunStore.open(store).trials("resume")) {
            if (trial.status() == TrialStatus.FINISHED) {
                finishedBeforeKill.put(trial.info().trialId(), Files.readString(trial.folder().resolve("events.jsonl")));
            }
        }
        assertThat(finishedBeforeKill).isNotEmpty();

        Cli.Result resumed = Cli.run("run", file.toString(), "--store", store.toString(),
                "--launcher", "spark", "--master", "local[1]");

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("skipping " + finishedBeforeKill.size() + " of 4 trials already finished");
        TinySweep.assertComplete(store, "resume", 4, 12);
        for (Map.Entry<String, String> finished : finishedBeforeKill.entrySet()) {
            StoredTrial trial = RunStore.open(store).trial("resume", finished.getKey()).orElseThrow();
            assertThat(Files.readString(trial.folder().resolve("events.jsonl"))).isEqualTo(finished.getValue());
        }
    }

    private static void awaitAFinishedTrial(Path store, Process driver) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!driver.isAlive()) {
                throw new AssertionError("the driver exited early with " + driver.exitValue());
            }
            if (RunStore.open(store).trials("resume").stream().anyMatch(t -> t.status() == TrialStatus.FINISHED)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no trial finished within " + PATIENCE);
    }
}
