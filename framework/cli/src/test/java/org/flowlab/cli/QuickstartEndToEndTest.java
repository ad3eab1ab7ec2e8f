package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, {@code flowlab run experiments/quickstart.yaml}, through the real entry point:
 * real plugins, real trainer, MNIST from the shared data folder. To keep the test suite within minutes the
 * file runs with overrides that shrink it to a few steps on a small subset (the same file, the same sweep);
 * {@code -Dflowlab.quickstart.full=true} runs it exactly as shipped.
 */
class QuickstartEndToEndTest {

    private static final boolean FULL = Boolean.getBoolean("flowlab.quickstart.full");
    private static final List<String> SHRINK = List.of("--set", "train.steps=6", "--set", "train.evalEvery=3",
            "--set", "train.warmupSteps=2", "--set", "dataset.trainSize=256", "--set", "dataset.testSize=64",
            "--set", "train.evalBatchSize=64", "--set", "model.depth=1");

    @TempDir
    Path folder;

    @Test
    void quickstartRunsToASummaryAndAFullRunStore() throws Exception {
        SharedData.require(); // reads MNIST through FLOWLAB_DATA_DIR = ../shared/data (set by surefire)
        Path quickstart = Cli.projectRoot().resolve("experiments/quickstart.yaml");
        Path store = folder.resolve("runs");
        List<String> args = new java.util.ArrayList<>(List.of("run", quickstart.toString(), "--store", store.toString()));
        if (!FULL) {
            args.addAll(SHRINK);
        }
        int steps = FULL ? 300 : 6;
        List<Long> evaluated = FULL ? java.util.stream.LongStream.rangeClosed(1, 20).map(i -> i * 15).boxed().toList()
                : List.of(3L, 6L);
        Cli.Result result = Cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("experiment quickstart (" + quickstart + "): 4 trials = 2 combinations × 2 seeds")
                .containsPattern("model\\.permutation\\s+runs\\s+test bpd \\(mean ± std\\)\\s+best\\s+train bpd\\s+params"
                        + "\\s+time/trial")
                .containsPattern("reverse\\s+2/2\\s+\\d+\\.\\d{4} ± \\d+\\.\\d{4}")
                .containsPattern("conv1x1-lu\\s+2/2\\s+\\d+\\.\\d{4} ± \\d+\\.\\d{4}")
                .contains("4 trial(s) run, 0 skipped (already finished), 0 failed");

        RunStore runs = RunStore.open(store);
        List<StoredTrial> trials = runs.trials("quickstart");
        assertThat(trials).extracting(t -> t.info().runName())
                .containsExactlyInAnyOrder("reverse/s1", "conv1x1-lu/s1", "reverse/s2", "conv1x1-lu/s2");
        for (StoredTrial trial : trials) {
            assertThat(trial.status()).isEqualTo(TrialStatus.FINISHED);
            assertThat(trial.outcome().finalTestBpd()).isBetween(0.5, FULL ? 8.0 : 12.0);
            assertThat(trial.metric("train/bpd")).hasSize(steps);
            assertThat(trial.metric("test/bpd")).extracting(p -> p.step()).containsExactlyElementsOf(evaluated);
            assertThat(trial.metric("lr")).isNotEmpty();
            assertThat(trial.metric("grad_norm")).isNotEmpty();
            assertThat(trial.metric("images_per_sec")).isNotEmpty();
            assertThat(trial.artifacts()).extracting(StoredArtifact::artifactPath)
                    .containsExactly("", "", "checkpoint", "samples", "samples", "samples");
            assertThat(trial.artifacts()).allSatisfy(a -> assertThat(a.file()).isRegularFile());
            assertThat(trial.info().params()).containsEntry("dataset.name", "mnist")
                    .containsEntry("train.steps", Integer.toString(steps))
                    .containsEntry("model.permutation", trial.info().runName().split("/")[0]);
            assertThat(trial.info().tags()).containsKeys("git.commit", "flowlab.version", "plugins", "java", "os", "host")
                    .as("config is in the params, not repeated as tags").doesNotContainKeys("config.hash", "seed");
        }
        if (FULL) { // long enough for training to show
            StoredTrial first = trials.get(0);
            assertThat(first.metric("test/bpd").get(1).value()).isLessThan(first.metric("train/bpd").get(0).value());
        }

        StoredSweep sweep = runs.sweeps("quickstart").get(0);
        assertThat(sweep.status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(sweep.trialIds()).hasSize(4);
        assertThat(sweep.artifacts()).extracting(a -> a.file().getFileName().toString())
                .containsExactly("experiment.yaml", "test-bpd.png", "train-bpd.png", "summary.md", "summary.csv",
                        "comparisons.csv");
        assertThat(sweep.folder().resolve("summary.md")).content().contains("| model.permutation | runs |",
                "| reverse | 2/2 |", "| conv1x1-lu | 2/2 |");
        assertThat(Files.readAllLines(sweep.folder().resolve("summary.csv"))).hasSize(3).first().asString()
                .startsWith("model.permutation,combination,planned,finished,failed,test_bpd_mean,test_bpd_std");
        assertThat(Files.size(sweep.folder().resolve("charts/test-bpd.png"))).isGreaterThan(1000);
        assertThat(sweep.folder().resolve("summary.md")).content().contains("![test bits/dim](charts/test-bpd.png)",
                "## Which value wins").containsPattern("- (reverse|conv1x1-lu) (is ahead of|and) (reverse|conv1x1-lu)"
                + ".* 95% CI \\[");
        assertThat(result.out()).contains("Which value wins");

        // the sample command works on what the run left behind
        Cli.Result sample = Cli.run("sample", "conv1x1-lu/s1", "--store", store.toString(), "--temperatures", "0.7",
                "--count", "4", "--out", folder.resolve("samples").toString());
        assertThat(sample.exitCode()).as(sample.err()).isZero();
        assertThat(Files.list(folder.resolve("samples")).toList()).singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).endsWith("_T0.70_seed0.png"));
    }
}
