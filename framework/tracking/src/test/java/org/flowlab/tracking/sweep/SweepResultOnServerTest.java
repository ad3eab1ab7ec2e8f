package org.flowlab.tracking.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.provenance.GitState;
import org.flowlab.runner.provenance.Provenance;
import org.flowlab.runner.run.SweepProgress;
import org.flowlab.runner.run.SweepRunner;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.sweep.SweepPlanner;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.Trackers;
import org.flowlab.tracking.cli.SyncCommand;
import org.flowlab.tracking.testing.CliRun;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep's result reaches its MLflow parent run — live and by {@code flowlab sync} alike — as tags (best
 * combination, verdicts) and metrics (the best's mean and std, differences with CI bounds), and every link of
 * {@code summary.md} names an artifact the server holds at that path. A runner sweep with a trainer whose final
 * test bits/dim is known (no model: the statistics, not the training, are under test).
 */
class SweepResultOnServerTest {

    static final String FILE = """
            name: %s
            description: the sweep's result on the parent run
            dataset: {name: synthetic, nBits: 5}
            model: {levels: 2, depth: 1, hidden: 8, prior: split-conditional, normalization: actnorm}
            train: {steps: 6, batchSize: 4, warmupSteps: 0, evalEvery: 2}
            sweep:
              model.permutation: [conv1x1, conv1x1-lu]
              model.coupling: [additive, affine]
              seeds: [1, 2, 3]
            """;

    private static final Provenance PROVENANCE = new Provenance(new GitState("cafe", false, "/repo"), "9.9",
            Map.of(), "java", "os", "host", 2, 1, 1, "cpu");

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    Path work;

    /** conv1x1-lu is 0.5 bits/dim ahead on every seed and coupling (± 0.01 noise); the couplings differ by 0.1. */
    static double finalTestBpd(TrialConfig c) {
        double permutation = c.model().permutation().name().equals("conv1x1") ? 0.5 : 0.0;
        double coupling = c.model().coupling().name().equals("additive") ? 0.1 : 0.0;
        return 2.0 + permutation + coupling + 0.05 * c.seed() + 0.01 * ((c.seed() * 7 + (permutation > 0 ? 3 : 0)) % 3);
    }

    private static final TrialTrainer KNOWN = (config, output, listener) -> {
        double target = finalTestBpd(config);
        listener.onStart(100, 6);
        for (long step = 1; step <= 6; step++) {
            long now = System.currentTimeMillis();
            listener.onMetric(new MetricPoint("train/bpd", step, target + 1.0 / step, now));
            if (step % 2 == 0) {
                listener.onMetric(new MetricPoint("test/bpd", step, target + 1.0 / step - 1.0 / 6, now));
            }
        }
        return new TrainingResult(target, target + 0.1, 100, 6, Duration.ofMillis(10), null, Map.of());
    };

    private StoredSweep runSweep(String experiment, RunStore store, Tracker tracker) {
        ComponentRegistry registry = FlowLab.injector().getInstance(ComponentRegistry.class);
        SweepPlan plan = new SweepPlanner(registry).plan(new ExperimentLoader(registry)
                .parse(FILE.formatted(experiment), experiment + ".yaml", experiment, List.of()));
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new SweepRunner(store, () -> KNOWN, tracker, SweepProgress.NONE, PROVENANCE, out).run(plan, 1);
        return store.sweeps(experiment).get(0);
    }

    @Test
    void liveAndSyncedParentRunsCarryTheResultAndSummaryLinksResolve() throws Exception {
        RunStore store = RunStore.open(work.resolve("runs"));
        Tracker live = Trackers.create(MLFLOW.uri(), store, System.err);
        StoredSweep liveSweep;
        try {
            liveSweep = runSweep("result-live", store, live);
        } finally {
            live.close();
        }
        StoredSweep offline = runSweep("result-synced", store, NoOpTracker.INSTANCE);
        CliRun sync = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", store.root().toString());
        assertThat(sync.exitCode()).as(sync.err()).isZero();

        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        for (StoredSweep sweep : List.of(liveSweep, offline)) {
            SweepHeadline headline = SweepHeadline.read(sweep.folder()).orElseThrow();
            JsonNode parent = rest.runsOfExperiment(sweep.info().experimentName()).stream()
                    .filter(r -> "sweep".equals(MlflowRest.tag(r, "flowlab.kind"))).findFirst().orElseThrow();
            String runId = MlflowRest.runId(parent);
            Map<String, String> tags = MlflowRest.tags(parent);
            assertThat(tags).containsEntry("best", "conv1x1-lu/affine");
            assertThat(tags.get("verdict/model.permutation"))
                    .matches("conv1x1-lu is ahead of conv1x1 by 0\\.\\d\\d bits/dim, 95% CI \\[0\\.\\d\\d, 0\\.\\d\\d\\], "
                            + "3 of 3 seeds");
            assertThat(tags.get("verdict/model.coupling")).startsWith("affine is ahead of additive by 0.10 bits/dim");
            assertThat(tags).containsKey("verdict/model.permutation/curve");
            headline.tags().forEach((k, v) -> assertThat(tags).containsEntry(k, v));

            assertThat(MlflowRest.metricKeys(parent)).contains("best/test_bpd_mean", "best/test_bpd_std",
                    "model.permutation/conv1x1/diff_to_best", "model.permutation/conv1x1/ci_low",
                    "model.permutation/conv1x1/ci_high", "model.coupling/additive/curve_diff_to_best");
            for (MetricPoint point : headline.metricPoints()) {
                assertThat(rest.history(runId, point.name())).as(point.name()).singleElement()
                        .satisfies(p -> assertThat(p.value()).isCloseTo(point.value(), within(1e-9)));
            }
            double diff = rest.history(runId, "model.permutation/conv1x1/diff_to_best").get(0).value();
            assertThat(diff).isCloseTo(0.5, within(0.02));

            // summary.md's links name artifacts at those very paths, on the server and in the store.
            Map<String, Long> artifacts = rest.artifacts(runId);
            String markdown = new String(rest.download(runId, "summary.md"), StandardCharsets.UTF_8);
            List<String> links = Pattern.compile("\\]\\(([^)]+)\\)").matcher(markdown).results().map(m -> m.group(1)).toList();
            assertThat(links).contains("charts/test-bpd.png", "charts/train-bpd.png");
            assertThat(links).allSatisfy(link -> {
                assertThat(artifacts).containsKey(link);
                assertThat(sweep.folder().resolve(link)).isRegularFile();
            });
            assertThat(artifacts).containsKeys("summary.csv", "comparisons.csv");
        }

        // Delivered once: syncing again sends the parent runs nothing (tags equal, every metric point there).
        CliRun again = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", store.root().toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).doesNotContain("(sweep ");
    }
}
