package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code flowlab run} in a child process, killed with SIGKILL while a trial is half-way; running the
 * same file again finishes the sweep without repeating any trial that had finished.
 */
class ResumeAfterKillTest {

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    Path folder;

    @Test
    void aKilledSweepResumesWithoutRepeatingFinishedTrials() throws Exception {
        Path file = Files.writeString(folder.resolve("resume.yaml"), """
                name: resume
                dataset: {name: synthetic, trainSize: 64, testSize: 32}
                model: {levels: 2, depth: 1, hidden: 8, permutation: slow-test}
                train: {steps: 12, batchSize: 16, warmupSteps: 2, evalEvery: 6, evalBatchSize: 32}
                sweep:
                  seeds: [1, 2, 3]
                """);
        Path store = folder.resolve("runs");
        Process child = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "-Djava.awt.headless=true", FlowLabCli.class.getName(), "run", file.toString(), "--store", store.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("child.log").toFile()).start();

        Map<String, String> finishedBeforeKill = new HashMap<>(); // trial id → its events file, byte for byte
        String interrupted;
        try {
            interrupted = waitForAFinishedAndAHalfWayTrial(store, child, finishedBeforeKill);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no chance to write anything
            child.waitFor();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        RunStore after = RunStore.open(store);
        StoredTrial cut = after.trial("resume", interrupted).orElseThrow();
        assertThat(cut.status()).as("nobody holds the lock any more").isEqualTo(TrialStatus.FAILED);
        assertThat(cut.failureReason()).isEqualTo(RunStore.INTERRUPTED);

        Cli.Result resumed = Cli.run("run", file.toString(), "--store", store.toString());
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("skipping " + finishedBeforeKill.size() + " of 3 trials already finished");

        RunStore done = RunStore.open(store);
        List<StoredTrial> trials = done.trials("resume");
        assertThat(trials).hasSize(3).allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.FINISHED));
        for (Map.Entry<String, String> finished : finishedBeforeKill.entrySet()) {
            StoredTrial trial = done.trial("resume", finished.getKey()).orElseThrow();
            assertThat(trial.attempt()).isEqualTo(1);
            assertThat(Files.readString(trial.folder().resolve("events.jsonl"))).isEqualTo(finished.getValue());
        }
        StoredTrial rerun = done.trial("resume", interrupted).orElseThrow();
        assertThat(rerun.attempt()).isEqualTo(2);
        assertThat(rerun.metric("train/bpd")).extracting(p -> p.step())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);

        List<StoredSweep> sweeps = done.sweeps("resume");
        assertThat(sweeps).hasSize(2);
        assertThat(sweeps.get(0).status()).isEqualTo(TrialStatus.FAILED);
        assertThat(sweeps.get(0).failureReason()).isEqualTo(RunStore.SWEEP_INTERRUPTED);
        assertThat(sweeps.get(1).status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(sweeps.get(1).skippedTrialIds()).containsExactlyInAnyOrderElementsOf(finishedBeforeKill.keySet());
    }

    /** Polls the store the child writes until one trial finished and the next has logged a few steps. */
    private static String waitForAFinishedAndAHalfWayTrial(Path store, Process child, Map<String, String> finished)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the child exited early with " + child.exitValue());
            }
            List<StoredTrial> trials = RunStore.open(store).trials("resume");
            List<StoredTrial> done = trials.stream().filter(t -> t.status() == TrialStatus.FINISHED).toList();
            Optional<StoredTrial> halfWay = trials.stream()
                    .filter(t -> t.status() == TrialStatus.RUNNING && t.metric("train/bpd").size() >= 3).findFirst();
            if (!done.isEmpty() && halfWay.isPresent()) {
                for (StoredTrial trial : done) {
                    finished.put(trial.info().trialId(), Files.readString(trial.folder().resolve("events.jsonl")));
                }
                return halfWay.get().info().trialId();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no trial finished within " + PATIENCE);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }
}
