package org.flowlab.tracking.sync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.tracking.mlflow.MetricComparison;
import org.flowlab.tracking.mlflow.MirroredRun;
import org.flowlab.tracking.mlflow.RunMirror;
import org.flowlab.tracking.mlflow.RunNotes;
import org.flowlab.tracking.mlflow.TrackingException;

/**
 * Makes the MLflow server equal to the local run store — never more: experiments, parent and child runs (found
 * by their FlowLab tags, created when missing; one run per trial), params, tags, metric points, statuses and
 * artifacts (compared by path and size). Metric points are compared by key and step ({@link MetricComparison}):
 * what the server lacks is uploaded; a run holding points the store does not (a step twice, another value, a
 * step or metric the store has not — left by an older attempt or another store) cannot be repaired point by
 * point, as MLflow cannot delete points, so it is deleted and created again from the store. Trials and sweeps
 * the store reports damaged are not uploaded but listed in {@link SyncReport#damaged()}. Running it again sends
 * nothing, so it is safe after a live sweep, after an outage, or twice.
 */
public final class StoreSync {

    private final RunMirror mirror;
    private final Consumer<String> progress;

    /** @param progress receives one line per run that needed something; may be a no-op */
    public StoreSync(RunMirror mirror, Consumer<String> progress) {
        this.mirror = mirror;
        this.progress = progress;
    }

    /** Every experiment of the store, or only {@code experimentName} when given. */
    public SyncReport syncStore(RunStore store, Optional<String> experimentName) {
        SyncReport report = new SyncReport();
        for (String experiment : store.experimentNames()) {
            if (experimentName.isPresent() && !experimentName.get().equals(experiment)) {
                continue;
            }
            syncExperiment(store, experiment, store.sweeps(experiment), store.trials(experiment), report);
        }
        return report;
    }

    /**
     * Settles the sweeps the server still shows RUNNING whose invocation has ended in the store (a killed
     * {@code flowlab run}, closed as interrupted by the next one): one search, then a sync of those sweep runs.
     * Called by the live tracker when a new invocation starts.
     */
    public SyncReport settleEndedSweeps(RunStore store, String experimentName) {
        SyncReport report = new SyncReport();
        List<StoredTrial> trials = null; // read once, and only when a sweep needs settling (its end is its trials')
        for (String sweepId : mirror.runningSweepIds(experimentName)) {
            Optional<StoredSweep> sweep = store.sweep(experimentName, sweepId);
            if (sweep.isPresent() && sweep.get().status() != TrialStatus.RUNNING && !sweep.get().damaged()) {
                trials = trials != null ? trials : store.trials(experimentName);
                syncSweepRun(sweep.get(), trials, report);
            }
        }
        return report;
    }

    /** One invocation and the trials it ran: the live tracker's catch-up at the end of a sweep. */
    public SyncReport syncSweep(RunStore store, String experimentName, String sweepId) {
        SyncReport report = new SyncReport();
        Optional<StoredSweep> sweep = store.sweep(experimentName, sweepId);
        if (sweep.isEmpty()) {
            report.problems.add("sweep " + sweepId + " of " + experimentName + " is not in the run store " + store.root());
            return report;
        }
        List<StoredTrial> trials = store.trials(experimentName).stream()
                .filter(t -> t.info().sweepId().equals(sweepId)).toList();
        syncExperiment(store, experimentName, List.of(sweep.get()), trials, report);
        return report;
    }

    /**
     * One trial under its sweep's run: what a cluster worker's live logging did not deliver (the driver calls it
     * when the trial's record arrives). A run of the trial holding more than the store is replaced.
     */
    public SyncReport syncTrial(RunStore store, SweepInfo sweep, String trialId) {
        SyncReport report = new SyncReport();
        Optional<StoredTrial> trial = store.trial(sweep.experimentName(), trialId);
        if (trial.isEmpty()) {
            report.problems.add("trial " + trialId + " of " + sweep.experimentName() + " is not in the run store "
                    + store.root());
        } else if (trial.get().damaged()) {
            report.damaged.add("trial " + trial.get().info().runName() + " (" + trialId + "): "
                    + trial.get().damage().describe() + "; not uploaded (`flowlab run` runs it again)");
        } else {
            try {
                syncTrialRun(trial.get(), mirror.sweepRun(sweep), report);
            } catch (RuntimeException e) {
                report.problems.add("trial " + trial.get().info().runName() + " (" + trialId + "): " + e.getMessage());
            }
        }
        return report;
    }

    private void syncExperiment(RunStore store, String experiment, List<StoredSweep> sweeps, List<StoredTrial> trials,
                                SyncReport report) {
        try {
            mirror.experimentId(experiment);
            report.experiments++;
        } catch (TrackingException e) {
            report.problems.add("experiment " + experiment + ": " + e.getMessage());
            return; // nothing below can work without it
        }
        if (!sweeps.isEmpty()) { // the newest sweep's file describes the experiment (sweeps are oldest first)
            try {
                mirror.describeExperiment(sweeps.get(sweeps.size() - 1).info());
            } catch (RuntimeException e) {
                report.problems.add("experiment " + experiment + ": " + e.getMessage());
            }
        }
        Map<String, MirroredRun> parents = new HashMap<>();
        for (StoredSweep sweep : sweeps) {
            try {
                parents.put(sweep.info().sweepId(), parentRun(sweep, trials, report));
            } catch (RuntimeException e) { // one run's trouble must not stop the others
                report.problems.add("sweep " + sweep.info().sweepId() + ": " + e.getMessage());
            }
        }
        for (StoredTrial trial : trials) {
            if (trial.damaged()) {
                report.damaged.add("trial " + trial.info().runName() + " (" + trial.info().trialId() + "): "
                        + trial.damage().describe() + "; not uploaded (`flowlab run` runs it again)");
                continue;
            }
            try {
                MirroredRun parent = parents.get(trial.info().sweepId());
                if (parent == null && !parents.containsKey(trial.info().sweepId())) {
                    // The trial was last run by an invocation outside this selection: find that parent too.
                    parent = store.sweep(experiment, trial.info().sweepId()).map(s -> parentRun(s, trials, report))
                            .orElse(null);
                    parents.put(trial.info().sweepId(), parent);
                }
                syncTrialRun(trial, parent, report);
            } catch (RuntimeException e) {
                report.problems.add("trial " + trial.info().runName() + " (" + trial.info().trialId() + "): "
                        + e.getMessage());
            }
        }
    }

    /** The sweep's run, synced; null for a damaged sweep (reported, not uploaded: its trials go unparented). */
    private MirroredRun parentRun(StoredSweep sweep, List<StoredTrial> trials, SyncReport report) {
        if (sweep.damaged()) {
            report.damaged.add("sweep " + sweep.info().sweepId() + ": " + sweep.damage().describe() + "; not uploaded");
            return null;
        }
        return syncSweepRun(sweep, trials, report);
    }

    private MirroredRun syncSweepRun(StoredSweep sweep, List<StoredTrial> trials, SyncReport report) {
        MirroredRun run = mirror.sweepRun(sweep.info());
        count(run, report);
        int sent = mirror.setTags(run, RunMirror.sweepTags(sweep.info()));
        Optional<SweepHeadline> headline = SweepHeadline.read(sweep.folder());
        if (headline.isPresent()) {
            sent += mirror.logHeadline(run, headline.get());
        }
        report.paramsAndTags += sent;
        // A sweep still RUNNING belongs to a live `flowlab run`, whose tracker owns its status.
        boolean status = sweep.status() != TrialStatus.RUNNING && mirror.setStatus(run, sweep.status(),
                sweep.failureReason(), endTime(sweep, trials), sweep.info().description());
        report.statuses += status ? 1 : 0;
        int artifacts = syncArtifacts(run, sweep.artifacts());
        report.artifacts += artifacts;
        note(sweep.info().experimentName() + " / " + run.runId() + " (sweep " + sweep.info().sweepId() + ")",
                run.created(), sent, 0, status, artifacts);
        return run;
    }

    private void syncTrialRun(StoredTrial trial, MirroredRun parent, SyncReport report) {
        MirroredRun run = mirror.trialRun(trial.info(), parent, trial.startedAt());
        count(run, report);
        MetricComparison points = mirror.compareMetrics(run, trial.metrics());
        String stale = points.runIsStale() ? points.staleReason() : mirror.paramConflict(run, trial.info().params());
        if (stale != null && trial.status() == TrialStatus.RUNNING) {
            // A live `flowlab run` is sending this attempt's points right now (some may be newer than what was
            // read from the store): never delete its run under it; its own catch-up or a later sync settles it.
            progress.accept("  " + trial.info().experimentName() + " / " + trial.info().runName() + ": run "
                    + run.runId() + " is being mirrored live; not replaced (" + stale + ")");
        } else if (stale != null) {
            progress.accept("  " + trial.info().experimentName() + " / " + trial.info().runName() + ": replacing run "
                    + run.runId() + ", which holds more than the run store (" + stale + ")");
            run = mirror.replaceTrialRun(run, trial.info(), parent, trial.startedAt());
            points = MetricComparison.allMissing(trial.metrics());
            report.runsReplaced++;
        }
        int sent = mirror.logParamsAndTags(run, trial.info().params(), RunMirror.trialTags(trial.info(), trial.attempt()));
        report.paramsAndTags += sent;
        List<MetricPoint> missing = points.missing();
        mirror.logMetrics(run, missing);
        report.metricPoints += missing.size();
        boolean status = trial.status() != TrialStatus.RUNNING && mirror.setStatus(run, trial.status(),
                trial.failureReason(), trial.endedAt() >= 0 ? trial.endedAt() : trial.startedAt(),
                RunNotes.trial(trial.info()));
        report.statuses += status ? 1 : 0;
        int artifacts = syncArtifacts(run, trial.artifacts());
        report.artifacts += artifacts;
        note(trial.info().experimentName() + " / " + trial.info().runName(), run.created(), sent, missing.size(),
                status, artifacts);
    }

    /** Uploads files the run lacks or holds with another size. */
    private int syncArtifacts(MirroredRun run, List<StoredArtifact> artifacts) {
        if (artifacts.isEmpty() || run.artifactProxyRoot().isEmpty()) {
            if (!artifacts.isEmpty()) {
                mirror.upload(run, artifacts.get(0).file(), artifacts.get(0).artifactPath()); // reports why not
            }
            return 0;
        }
        Map<String, Map<String, Long>> listings = new HashMap<>();
        int uploaded = 0;
        for (StoredArtifact artifact : artifacts) {
            String folder = artifact.artifactPath() == null ? "" : artifact.artifactPath();
            Map<String, Long> present = listings.computeIfAbsent(folder, f -> mirror.artifactSizes(run, f));
            String name = artifact.file().getFileName().toString();
            long size = size(artifact.file());
            if (size >= 0 && !Long.valueOf(size).equals(present.get(name)) && mirror.upload(run, artifact.file(), folder)) {
                present.put(name, size);
                uploaded++;
            }
        }
        return uploaded;
    }

    private static void count(MirroredRun run, SyncReport report) {
        if (run.created()) {
            report.runsCreated++;
        } else {
            report.runsFound++;
        }
    }

    private void note(String what, boolean created, int paramsAndTags, int points, boolean status, int artifacts) {
        if (created || paramsAndTags > 0 || points > 0 || status || artifacts > 0) {
            progress.accept("  " + what + ": " + (created ? "created, " : "") + paramsAndTags + " params/tags, "
                    + points + " metric points, " + artifacts + " artifacts" + (status ? ", status" : ""));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /**
     * The sweep's recorded end; for a sweep whose process died, the last end of the trials it ran (never before
     * its start, so MLflow shows no negative duration).
     */
    public static long endTime(StoredSweep sweep, List<StoredTrial> trials) {
        long start = sweep.info().startedAt().toEpochMilli();
        if (sweep.endedAt() >= 0) {
            return Math.max(start, sweep.endedAt());
        }
        long lastTrialEnd = trials.stream().filter(t -> t.info().sweepId().equals(sweep.info().sweepId()))
                .mapToLong(StoredTrial::endedAt).max().orElse(start);
        return Math.max(start, lastTrialEnd);
    }
}
