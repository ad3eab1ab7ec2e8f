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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.provenance.Provenance;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.store.ExperimentLock;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.SweepRecorder;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.summary.CurveChart;
import org.flowlab.runner.summary.SummaryReport;
import org.flowlab.runner.summary.SummaryTables;
import org.flowlab.runner.summary.SweepSummary;
import org.flowlab.runner.sweep.ConfigJson;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.tracking.Tracker;

/**
 * Runs a planned sweep against the run store:
 * <ol>
 *   <li>takes the experiment's lock and closes what a killed earlier run left RUNNING;</li>
 *   <li>skips every trial whose config hash is already FINISHED in the store (and says which), runs the rest
 *       — the interrupted and the failed ones included — on a pool of {@code parallel} threads;</li>
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
    private volatile ExecutorService pool;

    public SweepRunner(RunStore store, Supplier<TrialTrainer> trainers, Tracker tracker, SweepProgress progress,
                       Provenance provenance, PrintStream out) {
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

                List<PlannedTrial> failed = execute(toRun, info, parallel);

                Map<String, StoredTrial> stored = new HashMap<>();
                for (PlannedTrial trial : plan.trials()) {
                    store.trial(experiment.name(), trial.trialId()).ifPresent(t -> stored.put(trial.trialId(), t));
                }
                SweepSummary summary = SweepSummary.of(plan, stored);
                sweepArtifacts.addAll(writeSummary(plan, summary, stored, sweep));
                sweepArtifacts.forEach(a -> tracker.artifact(info, null, a.file(), a.artifactPath()));
                TrialStatus status = failed.isEmpty() ? TrialStatus.FINISHED : TrialStatus.FAILED;
                sweep.end(status, failed.isEmpty() ? null
                        : failed.size() + " of " + plan.trials().size() + " trials failed");
                tracker.sweepEnded(info, status);
                out.println();
                out.println(SummaryTables.text(summary));
                out.println();
                out.println("summary, charts and trials: " + sweep.folder());
                return new SweepResult(info, toRun, skipped, failed, summary, sweep.folder());
            }
        }
    }

    /** Stops the running trials (Ctrl-C): each ends FAILED "interrupted" and is re-run by the next invocation. */
    public void cancel() {
        ExecutorService running = pool;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<PlannedTrial> execute(List<PlannedTrial> trials, SweepInfo info, int parallel) {
        int threads = Math.max(1, Math.min(parallel, Math.max(1, trials.size())));
        progress.sweepStarted(trials.size(), threads);
        ObjectNode provenanceJson = provenanceJson(info);
        AtomicInteger counter = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "trial-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<PlannedTrial, Future<Boolean>> futures = new LinkedHashMap<>();
        try {
            for (PlannedTrial trial : trials) {
                TrialInfo trialInfo = trialInfo(trial, info);
                futures.put(trial, pool.submit(() -> new TrialExecution(store, trainers.get(), tracker, progress, info,
                        trial, trialInfo, provenanceJson).run()));
            }
            List<PlannedTrial> failed = new ArrayList<>();
            for (Map.Entry<PlannedTrial, Future<Boolean>> entry : futures.entrySet()) {
                try {
                    if (!entry.getValue().get()) {
                        failed.add(entry.getKey());
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    failed.add(entry.getKey()); // the trial could not even record its failure; the store says RUNNING
                }
            }
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } finally {
            pool.shutdownNow();
            progress.sweepFinished();
        }
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

    private List<StoredArtifact> writeSummary(SweepPlan plan, SweepSummary summary, Map<String, StoredTrial> stored,
                                              SweepRecorder sweep) {
        List<StoredArtifact> artifacts = new ArrayList<>();
        Path markdown = sweep.folder().resolve("summary.md");
        writeString(markdown, SummaryReport.markdown(plan, summary, stored, sweep.info()));
        artifacts.add(sweep.artifact(markdown, ""));
        Path csv = sweep.folder().resolve("summary.csv");
        writeString(csv, SummaryTables.csv(summary));
        artifacts.add(sweep.artifact(csv, ""));
        try {
            Path test = sweep.folder().resolve("test-bpd.png");
            if (CurveChart.write(plan, stored, "test/bpd", 1, test)) {
                artifacts.add(sweep.artifact(test, "charts"));
            }
            Path train = sweep.folder().resolve("train-bpd.png");
            if (CurveChart.write(plan, stored, "train/bpd", 25, train)) {
                artifacts.add(sweep.artifact(train, "charts"));
            }
        } catch (IOException | RuntimeException e) {
            out.println("warning: could not draw the bits/dim charts: " + e);
        }
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
