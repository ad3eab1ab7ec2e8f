package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real trainer with a test-only plugin ({@code nan-test}, found through the test classpath's
 * META-INF/services) whose loss is NaN: that trial fails with the reason, the other finishes, the
 * process exits 1.
 */
class FailureIsolationTest {

    @TempDir
    Path folder;

    @Test
    void aNanTrialFailsAloneAndTheSweepGoesOn() throws Exception {
        Path file = Files.writeString(folder.resolve("nan.yaml"), """
                name: nan-isolation
                dataset: {name: synthetic, trainSize: 64, testSize: 32}
                model: {levels: 2, depth: 1, hidden: 8}
                train: {steps: 4, batchSize: 16, warmupSteps: 2, evalEvery: 2, evalBatchSize: 32}
                sweep:
                  model.permutation: [nan-test, conv1x1-lu]
                """);
        Path store = folder.resolve("runs");
        Cli.Result result = Cli.run("run", file.toString(), "--store", store.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        String reason = "loss became NaN at step 1 (a too high learning rate or too short warm-up is the usual cause)";
        assertThat(result.out()).contains("[1/2] nan-test/s1 FAILED: " + reason, "conv1x1-lu/s1 finished: test bpd",
                "1 trial(s) run".replace("1 trial(s) run", "2 trial(s) run, 0 skipped (already finished), 1 failed"));
        assertThat(result.out()).containsPattern("nan-test\\s+0/1 \\(1 failed\\)\\s+–");
        assertThat(result.err()).contains("failed: nan-test/s1");

        Map<String, StoredTrial> trials = RunStore.open(store).trials("nan-isolation").stream()
                .collect(Collectors.toMap(t -> t.info().runName(), t -> t));
        StoredTrial nan = trials.get("nan-test/s1");
        assertThat(nan.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(nan.failureReason()).isEqualTo(reason);
        assertThat(nan.folder().resolve("error.txt")).content().contains("NonFiniteLossException");

        StoredTrial good = trials.get("conv1x1-lu/s1");
        assertThat(good.status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(good.outcome().finalTestBpd()).isFinite().isPositive();
        assertThat(good.metric("train/bpd")).hasSize(4);
        assertThat(good.metric("test/bpd")).extracting(p -> p.step()).containsExactly(2L, 4L);
        assertThat(good.artifacts()).extracting(StoredArtifact::artifactPath).contains("checkpoint", "samples");
        assertThat(good.artifacts()).allSatisfy(a -> assertThat(a.file()).isRegularFile());

        StoredSweep sweep = RunStore.open(store).sweeps("nan-isolation").get(0);
        assertThat(sweep.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(sweep.failureReason()).isEqualTo("1 of 2 trials failed");
    }
}
