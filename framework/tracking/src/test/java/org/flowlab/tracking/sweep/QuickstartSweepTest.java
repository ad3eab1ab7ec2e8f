package org.flowlab.tracking.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.plugins.InstalledPlugins;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.NonFiniteLossException;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.provenance.CpuInfo;
import org.flowlab.runner.provenance.Provenance;
import org.flowlab.runner.run.Nd4jThreads;
import org.flowlab.runner.run.SweepProgress;
import org.flowlab.runner.run.SweepResult;
import org.flowlab.runner.run.SweepRunner;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.sweep.SweepPlanner;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.Trackers;
import org.flowlab.tracking.cli.SyncCommand;
import org.flowlab.tracking.testing.CliRun;
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.flowlab.tracking.testing.ProjectMlflow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing end to end: a quickstart-shaped experiment file planned and run by the runner, training
 * real (tiny) flows on the synthetic dataset, mirrored live through the tracker the runner picks for the
 * URI ({@link Trackers}, i.e. ServiceLoader) — then read back through REST, synced again (nothing to send),
 * and reported by the notebooks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartSweepTest {

    static final String EXPERIMENT = "quickstart-mlflow";

    static final String FILE = """
            name: quickstart-mlflow
            description: tracking test — two permutations × two seeds on synthetic 8×8 images
            dataset: {name: synthetic, nBits: 5}
            model: {levels: 2, depth: 1, hidden: 8, coupling: affine, prior: split-conditional, normalization: actnorm}
            train: {steps: 12, batchSize: 16, lr: 2.0e-3, warmupSteps: 2, evalEvery: 4}
            sweep:
              model.permutation: [conv1x1, conv1x1-lu]
              seeds: [1, 2]
            """;

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    static Path work;

    static RunStore store;
    static SweepResult result;
    static String runnerOutput;

    @BeforeAll
    static void runTheSweepWithLiveTracking() throws Exception {
        Path file = Files.writeString(work.resolve("quickstart.yaml"), FILE);
        Injector injector = FlowLab.injector();
        ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
        SweepPlan plan = new SweepPlanner(registry).plan(new ExperimentLoader(registry).load(file, List.of()));
        store = RunStore.open(work.resolve("runs"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        // conv1x1-lu with seed 2 diverges on purpose: a failing trial the way the engine reports one.
        Predicate<TrialConfig> diverges = c -> c.seed() == 2 && "conv1x1-lu".equals(c.model().permutation().name());
        Tracker tracker = Trackers.create(MLFLOW.uri(), store, print);
        try {
            SweepRunner runner = new SweepRunner(store,
                    () -> new DivergingTrainer(injector.getInstance(TrialTrainer.class), diverges), tracker,
                    SweepProgress.NONE, Provenance.detect(injector.getInstance(InstalledPlugins.class).versions(),
                            Nd4jThreads.perTrial(1), Nd4jThreads.openMpThreads()), print);
            result = runner.run(plan, 1);
        } finally {
            tracker.close();
        }
        runnerOutput = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void theServerHoldsTheExperimentRunsParamsTagsHistoriesArtifactsAndTheFailure() {
        assertThat(result.ran()).as(runnerOutput).hasSize(4);
        assertThat(result.failed()).as(runnerOutput + store.trials(EXPERIMENT).stream()
                .map(t -> t.info().runName() + ": " + t.failureReason()).toList()).hasSize(1);
        assertThat(runnerOutput).doesNotContain("warning: tracker");

        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        MirrorAssertions.assertMirrored(store, EXPERIMENT, rest);

        List<JsonNode> runs = rest.runsOfExperiment(EXPERIMENT);
        assertThat(runs).hasSize(5);
        assertThat(runs).extracting(r -> r.path("info").path("run_name").asText())
                .contains("conv1x1/s1", "conv1x1/s2", "conv1x1-lu/s1", "conv1x1-lu/s2");
        JsonNode failed = runs.stream().filter(r -> "FAILED".equals(MlflowRest.status(r))
                && "trial".equals(MlflowRest.tag(r, "flowlab.kind"))).findFirst().orElseThrow();
        assertThat(MlflowRest.tag(failed, "flowlab.failureReason")).containsIgnoringCase("nan");
        // The thread counts change the numbers, so every run carries them (surefire runs one OpenMP thread).
        assertThat(MlflowRest.tag(failed, "threads.openmp")).isEqualTo("1");
        assertThat(MlflowRest.tag(failed, "threads.nd4j")).isEqualTo(Integer.toString(Nd4jThreads.perTrial(1)));
        assertThat(MlflowRest.tag(failed, "cpu")).isEqualTo(CpuInfo.detect());
        // The real trainer's outputs arrive: resolved config, sample grids at T = 0.5, 0.7, 1.0, checkpoint.
        JsonNode finished = runs.stream().filter(r -> "conv1x1/s1".equals(r.path("info").path("run_name").asText()))
                .findFirst().orElseThrow();
        assertThat(rest.artifacts(MlflowRest.runId(finished)).keySet()).contains("config.json")
                .anyMatch(p -> p.endsWith("checkpoint.zip"))
                .anyMatch(p -> p.endsWith("samples_T0.5.png"))
                .anyMatch(p -> p.endsWith("samples_T0.7.png"))
                .anyMatch(p -> p.endsWith("samples_T1.0.png"));
        // The sweep's own outputs arrive on the parent run: summary table and the bits/dim curve chart.
        JsonNode parent = runs.stream().filter(r -> !"trial".equals(MlflowRest.tag(r, "flowlab.kind")))
                .findFirst().orElseThrow();
        assertThat(rest.artifacts(MlflowRest.runId(parent)).keySet())
                .anyMatch(p -> p.endsWith("summary.md"))
                .anyMatch(p -> p.endsWith("summary.csv"))
                .anyMatch(p -> p.endsWith("test-bpd.png"));
        StoredTrial stored = store.trials(EXPERIMENT).stream()
                .filter(t -> t.info().runName().equals("conv1x1/s1")).findFirst().orElseThrow();
        assertThat(stored.metric("train/bpd")).hasSize(12);
        assertThat(rest.history(MlflowRest.runId(finished), "train/bpd")).extracting(MlflowRest.Point::step)
                .containsExactlyElementsOf(stored.metric("train/bpd").stream().map(MetricPoint::step).toList());
    }

    @Test
    @Order(2)
    void syncAfterALiveSweepSendsNothing() {
        CliRun sync = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", store.root().toString());
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.err()).as("no warnings").isEmpty();
        // The live sweep ended with the runner's failure count as the parent's reason, which only the store
        // knows; everything else was already there.
        assertThat(sync.out()).contains("0 metric points").contains("0 artifacts").contains("(0 new)");
        CliRun again = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", store.root().toString());
        assertThat(again.out()).contains("sent 0 params/tags, 0 metric points, 0 statuses, 0 artifacts");
        MirrorAssertions.assertMirrored(store, EXPERIMENT, new MlflowRest(MLFLOW.uri()));
    }

    @Test
    @Order(3)
    void notebooksReportTheSweep() throws Exception {
        Path root = ProjectMlflow.projectRoot();
        Path figures = work.resolve("figures");
        ProcessBuilder builder = new ProcessBuilder(ProjectMlflow.python().toString(),
                root.resolve("notebooks/run_notebooks.py").toString(), "--out", work.resolve("executed").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("nb.log").toFile());
        builder.environment().put("MLFLOW_TRACKING_URI", MLFLOW.uri());
        builder.environment().put("FLOWLAB_EXPERIMENT", EXPERIMENT);
        builder.environment().put("FLOWLAB_NOTEBOOK_OUTPUT", figures.toString());
        builder.environment().put("MPLBACKEND", "Agg");
        Process process = builder.start();
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        String log = Files.readString(work.resolve("nb.log"));
        assertThat(done).as(log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(figures.resolve("bpd_curves.png")).isNotEmptyFile();
        assertThat(figures.resolve("final_bpd.png")).isNotEmptyFile();
        assertThat(figures.resolve("sample_grids.png")).isNotEmptyFile();
        String keep = System.getProperty("flowlab.keepNotebookOutput");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            for (String f : List.of("bpd_curves.png", "final_bpd.png", "sample_grids.png")) {
                Files.copy(figures.resolve(f), Path.of(keep, "real-" + f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The engine's trainer, except that chosen configs report a NaN loss at their third step. */
    private record DivergingTrainer(TrialTrainer real, Predicate<TrialConfig> diverges) implements TrialTrainer {
        @Override
        public TrainingResult train(TrialConfig config, Path outputDir, TrainingListener listener) {
            if (!diverges.test(config)) {
                return real.train(config, outputDir, listener);
            }
            return real.train(config, outputDir, new TrainingListener() {
                @Override
                public void onStart(long parameterCount, long totalSteps) {
                    listener.onStart(parameterCount, totalSteps);
                }

                @Override
                public void onMetric(MetricPoint point) {
                    if (point.name().equals("train/bpd") && point.step() == 3) {
                        throw new NonFiniteLossException(point.step(), Double.NaN);
                    }
                    listener.onMetric(point);
                }
            });
        }
    }
}
