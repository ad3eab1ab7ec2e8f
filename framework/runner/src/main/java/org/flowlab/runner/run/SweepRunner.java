package org.flowlab.runner.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.launch.LaunchContext;
import org.flowlab.runner.launch.LaunchedTrial;
import org.flowlab.runner.launch.Launcher;
import org.flowlab.runner.launch.LocalLauncher;
import org.flowlab.runner.provenance.Provenance;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.store.ExperimentLock;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.SweepRecorder;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.summary.CurveChart;
import org.flowlab.runner.summary.SummaryReport;
import org.flowlab.runner.summary.SummaryTables;
import org.flowlab.runner.summary.SweepHeadlines;
import org.flowlab.runner.summary.SweepStatistics;
import org.flowlab.runner.summary.SweepSummary;
import org.flowlab.runner.summary.VerdictReport;
import org.flowlab.runner.sweep.ConfigJson;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.tracking.Tracker;

/**
 * Runs a planned sweep against the run store:
 * <ol>
 *   <li>takes the experiment's lock and closes what a killed earlier run left RUNNING;</li>
 *   <li>skips every trial whose config hash is already FINISHED in the store (and says which), runs the rest
 *       — the interrupted and the failed ones included — through its {@link Launcher} (by default the local
 *       pool of {@code parallel} threads, {@link LocalLauncher});</li>
 *   <li>writes the summary (console, markdown, CSV) and the bits/dim charts into the sweep's folder.</li>
 * </ol>
 * A trial's failure never stops the sweep (see {@link TrialExecution}).
 */
public final class SweepRunner {

    private static final DateTimeFormatter SWEEP_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final RunStore store;
    private final Supplier<TrialTrainer> trainers;
    private final Tracker tracker;
    private final SweepProgress progress;
    private final Provenance provenance;
    private final PrintStream out;
    private final Launcher launcher;

    /** Runs the trials on the local pool (the {@code local} launcher). */
    public SweepRunner(RunStore store, Supplier<TrialTrainer> trainers, Tracker tracker, SweepProgress progress,
                       Provenance provenance, PrintStream out) {
        this(store, trainers, tracker, progress, provenance, out, new LocalLauncher());
    }

    /** Runs the trials where {@code launcher} runs them; the store, summary and resume are the same. */
    public SweepRunner(RunStore store, Supplier<TrialTrainer> trainers, Tracker tracker, SweepProgress progress,
                       Provenance provenance, PrintStream out, Launcher launcher) {
        this.launcher = launcher;
        this.store = store;
        this.trainers = trainers;
        this.tracker = tracker;
        this.progress = progress;
        this.provenance = provenance;
        this.out = out;
    }

    public SweepResult run(SweepPlan plan, int parallel) {
        Experiment experiment = plan.experiment();
        try (ExperimentLock lock = store.lock(experiment.name())) {
            store.closeInterrupted(experiment.name());
            List<PlannedTrial> toRun = new ArrayList<>();
            List<PlannedTrial> skipped = new ArrayList<>();
            for (PlannedTrial trial : plan.trials()) {
                Optional<StoredTrial> stored = store.trial(experiment.name(), trial.trialId());
                if (stored.isPresent() && stored.get().damaged()) { // one line per damaged trial; it runs again
                    out.println("warning: trial " + trial.runName() + " is damaged in the run store, so it will be run"
                            + " again: " + stored.get().damage().describe());
                }
                if (stored.isPresent() && stored.get().status() == TrialStatus.FINISHED) {
                    skipped.add(trial);
                } else {
                    toRun.add(trial);
                }
            }
            reportSkipped(skipped, plan.trials().size());
            SweepInfo info = new SweepInfo(newSweepId(), experiment.name(), experiment.description(), Instant.now(),
                    sweepTags(experiment, plan));
            try (SweepRecorder sweep = store.startSweep(info)) {
                Path copy = sweep.folder().resolve("experiment.yaml");
                writeString(copy, experiment.text());
                sweep.plannedTrials(plan.trials().stream().map(PlannedTrial::trialId).toList(),
                        skipped.stream().map(PlannedTrial::trialId).toList());
                tracker.sweepStarted(info);
                List<StoredArtifact> sweepArtifacts = new ArrayList<>();
                sweepArtifacts.add(sweep.artifact(copy, ""));

                List<PlannedTrial> failed = execute(experiment, toRun, info, parallel);

                Map<String, StoredTrial> stored = new HashMap<>();
                for (PlannedTrial trial : plan.trials()) {
                    store.trial(experiment.name(), trial.trialId()).ifPresent(t -> stored.put(trial.trialId(), t));
                }
                SweepSummary summary = SweepSummary.of(plan, stored);
                SweepStatistics statistics = SweepStatistics.of(plan, stored);
                sweepArtifacts.addAll(writeSummary(plan, summary, statistics, stored, sweep));
                sweepArtifacts.forEach(a -> tracker.artifact(info, null, a.file(), a.artifactPath()));
                SweepHeadline headline = SweepHeadlines.of(summary, statistics, System.currentTimeMillis());
                sweep.headline(headline);
                tracker.sweepHeadline(info, headline);
                TrialStatus status = failed.isEmpty() ? TrialStatus.FINISHED : TrialStatus.FAILED;
                sweep.end(status, failed.isEmpty() ? null
                        : failed.size() + " of " + plan.trials().size() + " trials failed");
                tracker.sweepEnded(info, status);
                out.println();
                out.println(SummaryTables.text(summary));
                out.println();
                String verdicts = VerdictReport.text(statistics);
                if (!verdicts.isEmpty()) {
                    out.println(verdicts);
                }
                out.println("summary, charts and trials: " + sweep.folder());
                return new SweepResult(info, toRun, skipped, failed, summary, sweep.folder());
            }
        }
    }

    /** Stops the running trials (Ctrl-C): each ends FAILED "interrupted" and is re-run by the next invocation. */
    public void cancel() {
        launcher.cancel();
    }

    /** Hands the trials to the launcher (the local pool unless another was chosen); returns the failed ones. */
    private List<PlannedTrial> execute(Experiment experiment, List<PlannedTrial> trials, SweepInfo info, int parallel) {
        List<LaunchedTrial> launched = trials.stream().map(t -> new LaunchedTrial(t, trialInfo(t, info))).toList();
        return launcher.execute(launched, new LaunchContext(experiment, info, provenanceJson(info), parallel,
                provenance.nd4jThreads(), store, trainers, tracker, progress));
    }

    /**
     * Params: the flattened resolved config (the seed is {@code train.seed}, a plugin {@code model.<family>}).
     * Tags: provenance that is not config, so no fact is logged twice (the config hash is the trial id, which
     * the tracker records).
     */
    private TrialInfo trialInfo(PlannedTrial trial, SweepInfo sweep) {
        Map<String, String> tags = new LinkedHashMap<>(provenance.tags());
        return new TrialInfo(trial.trialId(), sweep.sweepId(), sweep.experimentName(), trial.runName(), trial.seed(),
                ConfigJson.flatten(trial.config()), tags);
    }

    private Map<String, String> sweepTags(Experiment experiment, SweepPlan plan) {
        Map<String, String> tags = new LinkedHashMap<>(provenance.tags());
        tags.put("experiment.file", experiment.source());
        tags.put("experiment.sha256", experiment.fileSha256());
        if (!experiment.overrides().isEmpty()) {
            tags.put("experiment.overrides", String.join(" ", experiment.overrides().stream().map(o -> "--set " + o).toList()));
        }
        tags.put("sweep.trials", Integer.toString(plan.trials().size()));
        tags.put("sweep.keys", String.join(",", plan.sweptKeys()));
        return tags;
    }

    private ObjectNode provenanceJson(SweepInfo sweep) {
        ObjectNode node = StoreJson.object();
        ObjectNode git = node.putObject("git");
        git.put("commit", provenance.git().commit());
        git.put("dirty", provenance.git().dirty());
        git.put("repository", provenance.git().repository());
        node.put("flowlabVersion", provenance.frameworkVersion());
        ObjectNode plugins = node.putObject("plugins");
        new java.util.TreeMap<>(provenance.pluginVersions()).forEach(plugins::put);
        node.put("java", provenance.javaVersion());
        node.put("os", provenance.os());
        node.put("host", provenance.host());
        node.put("cpu", provenance.cpu());
        node.put("cpus", provenance.cpus());
        ObjectNode threads = node.putObject("threads");
        threads.put("nd4j", provenance.nd4jThreads());
        threads.put("openMp", provenance.openMpThreads());
        ObjectNode experiment = node.putObject("experiment");
        experiment.put("file", sweep.tags().get("experiment.file"));
        experiment.put("sha256", sweep.tags().get("experiment.sha256"));
        experiment.put("overrides", sweep.tags().getOrDefault("experiment.overrides", ""));
        return node;
    }

    /**
     * Writes the charts into {@code charts/} of the sweep's folder, then {@code summary.md} beside it linking
     * {@code charts/...}: the same relative layout in the store and among the MLflow run's artifacts, so the links
     * resolve in both. Then {@code summary.csv} (per combination) and {@code comparisons.csv} (per swept key).
     */
    private List<StoredArtifact> writeSummary(SweepPlan plan, SweepSummary summary, SweepStatistics statistics,
                                              Map<String, StoredTrial> stored, SweepRecorder sweep) {
        List<StoredArtifact> artifacts = new ArrayList<>();
        List<StoredArtifact> charts = new ArrayList<>();
        try {
            Path folder = Files.createDirectories(sweep.folder().resolve(SummaryReport.CHARTS));
            Path test = folder.resolve("test-bpd.png");
            if (CurveChart.write(plan, stored, "test/bpd", 1, test)) {
                charts.add(sweep.artifact(test, SummaryReport.CHARTS));
            }
            Path train = folder.resolve("train-bpd.png");
            if (CurveChart.write(plan, stored, "train/bpd", 25, train)) {
                charts.add(sweep.artifact(train, SummaryReport.CHARTS));
            }
        } catch (IOException | RuntimeException e) {
            out.println("warning: could not draw the bits/dim charts: " + e);
        }
        Path markdown = sweep.folder().resolve("summary.md");
        writeString(markdown, SummaryReport.markdown(plan, summary, statistics, stored, sweep.info(),
                charts.stream().map(c -> c.file().getFileName().toString()).toList()));
        artifacts.add(sweep.artifact(markdown, ""));
        Path csv = sweep.folder().resolve("summary.csv");
        writeString(csv, SummaryTables.csv(summary));
        artifacts.add(sweep.artifact(csv, ""));
        if (!statistics.finalTestBpd().isEmpty()) {
            Path comparisons = sweep.folder().resolve("comparisons.csv");
            writeString(comparisons, VerdictReport.csv(statistics));
            artifacts.add(sweep.artifact(comparisons, ""));
        }
        artifacts.addAll(charts);
        return artifacts;
    }

    private void reportSkipped(List<PlannedTrial> skipped, int total) {
        if (skipped.isEmpty()) {
            return;
        }
        List<String> names = skipped.stream().map(PlannedTrial::runName).toList();
        String listed = names.size() <= 12 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 12)) + ", … (" + (names.size() - 12) + " more)";
        out.println("skipping " + skipped.size() + " of " + total + " trials already finished in " + store.root()
                + ": " + listed);
    }

    static String newSweepId() {
        byte[] random = new byte[2];
        ThreadLocalRandom.current().nextBytes(random);
        return SWEEP_ID_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(random);
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
