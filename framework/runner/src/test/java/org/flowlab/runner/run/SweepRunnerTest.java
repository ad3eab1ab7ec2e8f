package org.flowlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.provenance.GitState;
import org.flowlab.runner.provenance.Provenance;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.summary.CombinationRow;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.sweep.SweepPlanner;
import org.flowlab.runner.testing.FakeTrainer;
import org.flowlab.runner.testing.RecordingTracker;
import org.flowlab.runner.testing.TestRegistry;
import org.flowlab.runner.tracking.SafeTracker;
import org.flowlab.runner.tracking.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRunnerTest {

    private static final String FILE = """
            name: runner-test
            description: fake trainer
            dataset: {name: synthetic}
            model: {levels: 2, depth: 2, hidden: 8}
            train: {steps: 6, batchSize: 4, evalEvery: 3, warmupSteps: 0}
            sweep:
              model.permutation: [reverse, shuffle, conv1x1-lu]
              seeds: [1, 2]
            """;

    private static final Provenance PROVENANCE = new Provenance(new GitState("cafe", true, "/repo"), "9.9",
            Map.of("couplings", "9.9"), "java", "os", "host", 2, 1, 1, "cpu");

    @TempDir
    Path folder;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private SweepPlan plan(String... overrides) {
        return new SweepPlanner(TestRegistry.create()).plan(new ExperimentLoader(TestRegistry.create())
                .parse(FILE, "runner.yaml", "runner", List.of(overrides)));
    }

    private SweepResult run(TrialTrainer trainer, Tracker tracker, int parallel, String... overrides) {
        SweepRunner runner = new SweepRunner(RunStore.open(folder), () -> trainer, tracker, SweepProgress.NONE,
                PROVENANCE, new PrintStream(output, true, StandardCharsets.UTF_8));
        return runner.run(plan(overrides), parallel);
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSweepRecordsEveryTrialItsMetricsArtifactsAndSummary() throws Exception {
        RecordingTracker tracker = new RecordingTracker();
        SweepResult result = run(FakeTrainer.succeeding(), tracker, 1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.ran()).hasSize(6);
        RunStore store = RunStore.open(folder);
        List<StoredTrial> trials = store.trials("runner-test");
        assertThat(trials).hasSize(6).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TrialStatus.FINISHED);
            assertThat(t.metric("train/bpd")).hasSize(6);
            assertThat(t.metric("test/bpd")).extracting(p -> p.step()).containsExactly(3L, 6L);
            assertThat(t.artifacts()).extracting(a -> a.artifactPath() + "/" + a.file().getFileName())
                    .containsExactly("/config.json", "/provenance.json", "checkpoint/checkpoint.zip",
                            "samples/samples_T0.5.png", "samples/samples_T1.0.png");
            assertThat(t.info().tags()).containsEntry("git.commit", "cafe").containsEntry("git.dirty", "true")
                    .as("each fact once: the config is in the params").doesNotContainKeys("config.hash", "seed",
                            "plugin.coupling");
            assertThat(t.info().params()).containsEntry("dataset.name", "synthetic").containsEntry("model.coupling", "affine")
                    .containsEntry("train.seed", Long.toString(t.info().seed()));
        });
        StoredTrial conv = trials.stream().filter(t -> t.info().runName().equals("conv1x1-lu/s2")).findFirst().orElseThrow();
        assertThat(conv.outcome().finalTestBpd()).isEqualTo(FakeTrainer.finalTestBpd("conv1x1-lu", 2));
        assertThat(Files.readString(conv.folder().resolve("provenance.json")))
                .contains("\"commit\" : \"cafe\"").contains("\"cpu\" : \"cpu\"").contains("\"seed\" : 2").contains("\"file\" : \"runner.yaml\"")
                .contains("\"threads\" : {\n    \"nd4j\" : 1,\n    \"openMp\" : 1\n  }");

        StoredSweep sweep = store.sweeps("runner-test").get(0);
        assertThat(sweep.status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(sweep.trialIds()).hasSize(6);
        assertThat(sweep.info().tags()).containsEntry("experiment.file", "runner.yaml").containsKey("experiment.sha256");
        assertThat(sweep.artifacts()).extracting(a -> a.artifactPath() + "/" + a.file().getFileName())
                .containsExactly("/experiment.yaml", "charts/test-bpd.png", "charts/train-bpd.png", "/summary.md",
                        "/summary.csv", "/comparisons.csv");
        // Every link of summary.md resolves beside it in the store, and among the artifacts at the same path.
        String markdown = Files.readString(sweep.folder().resolve("summary.md"));
        List<String> links = java.util.regex.Pattern.compile("\\]\\(([^)]+)\\)").matcher(markdown).results()
                .map(m -> m.group(1)).toList();
        assertThat(links).containsExactly("charts/test-bpd.png", "charts/train-bpd.png");
        List<String> artifactPaths = sweep.artifacts().stream().map(a -> (a.artifactPath().isEmpty() ? ""
                : a.artifactPath() + "/") + a.file().getFileName()).toList();
        assertThat(links).allSatisfy(link -> {
            assertThat(sweep.folder().resolve(link)).isRegularFile();
            assertThat(artifactPaths).contains(link);
        });
        // Which permutation wins: FakeTrainer's values differ by exactly 0.1 per permutation step on every seed.
        String verdict = "reverse is ahead of shuffle by 0.10 bits/dim, 95% CI [0.10, 0.10], 2 of 2 seeds";
        assertThat(markdown).contains("## Which value wins", "- " + verdict, "### Over the whole test curve");
        assertThat(output()).contains("Which value wins", verdict, "Every planned trial finished; none excluded");
        assertThat(Files.readString(sweep.folder().resolve("comparisons.csv")))
                .contains("final_test_bpd,model.permutation,shuffle,2,2.115,")
                .contains("test_bpd_curve_area,model.permutation,reverse,2,");
        org.flowlab.runner.store.SweepHeadline headline = org.flowlab.runner.store.SweepHeadline.read(sweep.folder())
                .orElseThrow();
        assertThat(headline.tags()).containsEntry("best", "reverse")
                .containsEntry("best.test_bpd", "2.0150 ± 0.0071 over 2 seeds")
                .containsEntry("verdict/model.permutation", verdict + "; reverse is ahead of conv1x1-lu by 0.30 "
                        + "bits/dim, 95% CI [0.30, 0.30], 2 of 2 seeds");
        assertThat(headline.metrics().get("best/test_bpd_mean")).isCloseTo(2.015, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(headline.metrics().get("model.permutation/shuffle/diff_to_best")).isCloseTo(0.1,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(headline.metrics()).containsKeys("model.permutation/shuffle/ci_low",
                "model.permutation/shuffle/ci_high", "model.permutation/shuffle/curve_diff_to_best");
        assertThat(Files.readString(sweep.folder().resolve("experiment.yaml"))).isEqualTo(FILE);

        List<CombinationRow> rows = result.summary().rows();
        assertThat(rows).extracting(CombinationRow::combination).containsExactly("reverse", "shuffle", "conv1x1-lu");
        CombinationRow reverse = rows.get(0);
        assertThat(reverse.finished()).isEqualTo(2);
        assertThat(reverse.meanTestBpd()).isCloseTo(2.015, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(reverse.stdTestBpd()).isCloseTo(Math.sqrt(0.00005), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(reverse.bestTestBpd()).isEqualTo(2.01);
        assertThat(reverse.best()).isTrue();
        assertThat(output()).contains("reverse", "2.0150 ± 0.0071 *", "summary, charts and trials:");

        assertThat(tracker.events.get(0)).isEqualTo("sweepStarted runner-test");
        assertThat(tracker.events).contains("trialStarted reverse/s1", "trialEnded reverse/s1 FINISHED",
                "artifact reverse/s1 checkpoint/checkpoint.zip", "artifact sweep /summary.md",
                "artifact sweep charts/test-bpd.png");
        assertThat(tracker.events.get(tracker.events.size() - 1)).isEqualTo("sweepEnded FINISHED");
        assertThat(tracker.events.get(tracker.events.size() - 2)).isEqualTo("sweepHeadline best=reverse");
        assertThat(tracker.points).hasSize(6 * (6 * 2 + 2)); // every point reaches the tracker
    }

    @Test
    void aFailingTrialDoesNotStopTheSweep() {
        FakeTrainer trainer = new FakeTrainer(c -> c.model().permutation().name().equals("shuffle") && c.seed() == 1,
                c -> c.model().permutation().name().equals("reverse") && c.seed() == 2, 0);
        RecordingTracker tracker = new RecordingTracker();
        SweepResult result = run(trainer, tracker, 1);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.failed()).extracting(t -> t.runName()).containsExactly("shuffle/s1", "reverse/s2");
        RunStore store = RunStore.open(folder);
        Map<String, StoredTrial> byName = new java.util.HashMap<>();
        store.trials("runner-test").forEach(t -> byName.put(t.info().runName(), t));
        assertThat(byName.get("shuffle/s1").status()).isEqualTo(TrialStatus.FAILED);
        assertThat(byName.get("shuffle/s1").failureReason()).isEqualTo(
                "loss became NaN at step 3 (a too high learning rate or too short warm-up is the usual cause)");
        assertThat(byName.get("shuffle/s1").metric("train/bpd")).hasSize(2); // what it logged before failing is kept
        assertThat(byName.get("reverse/s2").failureReason())
                .isEqualTo("IllegalStateException: dataset exploded (caused by IOException: disk on fire)");
        assertThat(byName.get("reverse/s2").artifacts()).extracting(a -> a.file().getFileName().toString())
                .contains("error.txt");
        assertThat(byName.values()).filteredOn(t -> t.status() == TrialStatus.FINISHED).hasSize(4);
        assertThat(store.sweeps("runner-test").get(0).status()).isEqualTo(TrialStatus.FAILED);
        assertThat(store.sweeps("runner-test").get(0).failureReason()).isEqualTo("2 of 6 trials failed");
        assertThat(result.summary().rows().get(0).failed()).isEqualTo(1);
        assertThat(result.summary().rows().get(0).finished()).isEqualTo(1);
        assertThat(tracker.events).contains("trialEnded shuffle/s1 FAILED loss became NaN at step 3 (a too high "
                + "learning rate or too short warm-up is the usual cause)", "sweepEnded FAILED");
        assertThat(output()).contains("1/2 (1 failed)");
        // The comparisons leave the failed trials out, say so, and give no interval where one seed is left.
        assertThat(output()).contains("2 trial(s) excluded from the comparisons: 2 failed (shuffle/s1, reverse/s2)",
                "reverse is ahead of conv1x1-lu by 0.30 bits/dim on one seed (seed 1); no interval can be given from one seed",
                "reverse is ahead of shuffle by 0.11 bits/dim on one seed each (not the same)");
    }

    @Test
    void reRunningSkipsFinishedTrialsAndRetriesFailedOnes() {
        FakeTrainer flaky = new FakeTrainer(c -> false, c -> c.model().permutation().name().equals("shuffle"), 0);
        assertThat(run(flaky, new RecordingTracker(), 1).exitCode()).isEqualTo(1);
        output.reset();

        SweepResult second = run(FakeTrainer.succeeding(), new RecordingTracker(), 1);
        assertThat(second.exitCode()).isZero();
        assertThat(second.ran()).extracting(t -> t.runName()).containsExactly("shuffle/s1", "shuffle/s2");
        assertThat(second.skipped()).hasSize(4);
        assertThat(output()).contains("skipping 4 of 6 trials already finished in " + folder.toAbsolutePath()
                + ": reverse/s1, conv1x1-lu/s1, reverse/s2, conv1x1-lu/s2");
        RunStore store = RunStore.open(folder);
        assertThat(store.trials("runner-test")).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TrialStatus.FINISHED);
            assertThat(t.attempt()).isEqualTo(t.info().runName().startsWith("shuffle") ? 2 : 1);
        });
        assertThat(store.sweeps("runner-test")).hasSize(2);
        assertThat(store.sweeps("runner-test").get(1).skippedTrialIds()).hasSize(4);
        assertThat(second.summary().rows()).allSatisfy(r -> assertThat(r.finished()).isEqualTo(2));

        output.reset();
        SweepResult third = run(FakeTrainer.succeeding(), new RecordingTracker(), 1);
        assertThat(third.ran()).isEmpty();
        assertThat(output()).contains("skipping 6 of 6 trials already finished");
    }

    @Test
    void parallelTrialsAllFinish() {
        SweepResult result = run(new FakeTrainer(c -> false, c -> false, 5), new RecordingTracker(), 3);
        assertThat(result.exitCode()).isZero();
        assertThat(RunStore.open(folder).trials("runner-test")).hasSize(6)
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.FINISHED));
    }

    @Test
    void aTrackerThatThrowsNeverFailsATrial() {
        Tracker broken = new RecordingTracker() {
            @Override
            public void metrics(org.flowlab.runner.store.TrialInfo trial, List<org.flowlab.engine.train.MetricPoint> points) {
                throw new IllegalStateException("server down");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SafeTracker safe = new SafeTracker(List.of(broken), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(run(FakeTrainer.succeeding(), safe, 1).exitCode()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).containsOnlyOnce("server down");
    }
}
