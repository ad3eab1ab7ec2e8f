package org.flowlab.tracking.mlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunData;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowHttpException;

/**
 * The mirroring vocabulary shared by the live tracker and {@code flowlab sync}: get-or-create the
 * experiment, find-or-create the parent run of a sweep and the child run of a trial by their FlowLab tags,
 * send what a run lacks. Every request goes through the {@link Retrier} under one {@link Deadline}.
 * Not thread-safe: one delivering thread per instance.
 */
public final class RunMirror {

    private static final DateTimeFormatter SWEEP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final MlflowApi api;
    private final Retrier retrier;
    private final Deadline deadline;
    private final Consumer<String> warnings;
    private final Map<String, String> experimentIds = new HashMap<>();
    private final Map<String, MirroredRun> sweepRuns = new HashMap<>();
    /** What the server holds of each experiment's tags, as far as this mirror knows (only what it sets). */
    private final Map<String, Map<String, String>> experimentTags = new HashMap<>();
    /** The start of the sweep whose file last described each experiment: the newest wins. */
    private final Map<String, java.time.Instant> describedBy = new HashMap<>();
    private final Map<String, MirroredRun> trialRuns = new HashMap<>();
    private final Set<String> warnedNoProxy = new LinkedHashSet<>();

    public RunMirror(MlflowApi api, Retrier retrier, Deadline deadline, Consumer<String> warnings) {
        this.api = api;
        this.retrier = retrier;
        this.deadline = deadline;
        this.warnings = warnings;
    }

    public MlflowApi api() {
        return api;
    }

    // ---- finding and creating -------------------------------------------------------------------------------

    /** Get-or-create; a concurrent creator (RESOURCE_ALREADY_EXISTS) and a deleted experiment are handled. */
    public String experimentId(String name) {
        String cached = experimentIds.get(name);
        if (cached != null) {
            return cached;
        }
        String id = retrier.call("get-or-create experiment '" + name + "'", deadline, () -> {
            Optional<Experiment> existing = api.experimentByName(name);
            if (existing.isPresent()) {
                Experiment experiment = existing.get();
                Map<String, String> tags = new HashMap<>();
                experiment.getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
                experimentTags.put(name, tags);
                if ("deleted".equals(experiment.getLifecycleStage())) {
                    // Its name is still taken; bring it back rather than fail the sweep.
                    api.restoreExperiment(experiment.getExperimentId());
                    warnings.accept("restored the deleted MLflow experiment '" + name + "'");
                }
                return experiment.getExperimentId();
            }
            try {
                return api.createExperiment(name);
            } catch (MlflowHttpException e) {
                if (Failures.alreadyExists(e)) { // another worker created it between our two requests
                    return api.experimentByName(name).orElseThrow(() -> e).getExperimentId();
                }
                throw e;
            }
        });
        experimentIds.put(name, id);
        return id;
    }

    /** The parent run of one sweep invocation, found by {@code flowlab.sweepId} or created. */
    public MirroredRun sweepRun(SweepInfo sweep) {
        MirroredRun cached = sweepRuns.get(sweep.sweepId());
        if (cached != null) {
            return cached;
        }
        String experimentId = experimentId(sweep.experimentName());
        describeExperiment(sweep);
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put(RunTags.KIND, RunTags.KIND_SWEEP);
        identity.put(RunTags.SWEEP_ID, sweep.sweepId());
        MirroredRun run = findOrCreate(experimentId, RunTags.SWEEP_ID, sweep.sweepId(), RunTags.KIND_SWEEP,
                sweepRunName(sweep), sweep.startedAt().toEpochMilli(), identity);
        sweepRuns.put(sweep.sweepId(), run);
        return run;
    }

    /**
     * The parent run of a sweep that another process creates (a cluster worker's view of its driver's sweep):
     * found by {@code flowlab.sweepId}, asked again for up to {@code wait} while the driver's first request may still
     * be on its way, never created here, so two processes never make two parents of one sweep.
     */
    public Optional<MirroredRun> existingSweepRun(SweepInfo sweep, java.time.Duration wait) {
        MirroredRun cached = sweepRuns.get(sweep.sweepId());
        if (cached != null) {
            return Optional.of(cached);
        }
        String experimentId = experimentId(sweep.experimentName());
        long deadlineNanos = System.nanoTime() + wait.toNanos();
        while (true) {
            List<Run> found = retrier.call("find sweep run " + sweep.sweepId(), deadline,
                    () -> api.runsWithTag(experimentId, RunTags.KIND_SWEEP, RunTags.SWEEP_ID, sweep.sweepId()));
            if (!found.isEmpty()) {
                MirroredRun run = new MirroredRun(found.get(0), false);
                sweepRuns.put(sweep.sweepId(), run);
                return Optional.of(run);
            }
            if (System.nanoTime() >= deadlineNanos) {
                return Optional.empty();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The ids ({@code flowlab.sweepId}) of the experiment's sweep runs that the server shows RUNNING. */
    public Set<String> runningSweepIds(String experimentName) {
        String experimentId = experimentId(experimentName);
        Set<String> ids = new LinkedHashSet<>();
        for (Run run : retrier.call("running sweeps of " + experimentName, deadline,
                () -> api.runningRuns(experimentId, RunTags.KIND_SWEEP))) {
            run.getData().getTagsList().stream().filter(t -> t.getKey().equals(RunTags.SWEEP_ID))
                    .forEach(t -> ids.add(t.getValue()));
        }
        return ids;
    }

    /**
     * The parent run's name: the experiment and when the sweep started, e.g. {@code quickstart · 2026-12-06 20:15
     * UTC} (the experiment first, so a narrow name column still tells sweeps of different files apart).
     */
    public static String sweepRunName(SweepInfo sweep) {
        return sweep.experimentName() + " \u00b7 " + SWEEP_TIME.format(sweep.startedAt());
    }

    /**
     * Marks the experiment as a model-training one, gives it the experiment file's description (MLflow's
     * experiment note), test bits/dim as its primary metric and FlowLab's saved view of the trials, from the
     * newest sweep this mirror has seen; sends only what the server does not hold yet. See {@link ExperimentTags}.
     */
    public void describeExperiment(SweepInfo sweep) {
        String name = sweep.experimentName();
        java.time.Instant described = describedBy.get(name);
        if (described != null && described.isAfter(sweep.startedAt())) {
            return; // a newer sweep's file already described it (sync goes through old sweeps too)
        }
        describedBy.put(name, sweep.startedAt());
        String experimentId = experimentId(name);
        Map<String, String> known = experimentTags.computeIfAbsent(name, n -> new HashMap<>());
        String keys = sweep.tags().getOrDefault("sweep.keys", "");
        Map<String, String> wanted = ExperimentTags.of(sweep.description(),
                keys.isBlank() ? List.of() : List.of(keys.split(",")));
        for (Map.Entry<String, String> tag : wanted.entrySet()) {
            String value = Limits.tagValue(tag.getValue());
            if (!value.equals(known.get(tag.getKey()))) {
                retrier.run("set tag " + tag.getKey() + " of experiment '" + name + "'", deadline,
                        () -> api.setExperimentTag(experimentId, tag.getKey(), value));
                known.put(tag.getKey(), value);
            }
        }
    }

    /** The id of an experiment this mirror has already got or created; no request. */
    public Optional<String> knownExperimentId(String name) {
        return Optional.ofNullable(experimentIds.get(name));
    }

    /** The parent run of a sweep known only by id (e.g. from a trial's info), if the server has it. */
    public Optional<MirroredRun> knownSweepRun(String sweepId) {
        return Optional.ofNullable(sweepRuns.get(sweepId));
    }

    /**
     * The nested run of one trial, found by {@code flowlab.trialId} or created under {@code parent}: one run per
     * trial, however many stores or syncs mirrored it (further runs carrying the same trial id, left by a race or
     * an older FlowLab, are deleted). A found run is re-parented to {@code parent}: it belongs to the
     * invocation that ran it last, as in the run store. Whether its points are the store's is for the caller to
     * check ({@link #compareMetrics}); a new attempt starts a fresh run ({@link #freshTrialRun}).
     *
     * @param startTime the trial's own start ({@link org.flowlab.runner.store.StoredTrial#startedAt()}), used
     *                  when the run is created: MLflow cannot change a run's start time later
     */
    public MirroredRun trialRun(TrialInfo trial, MirroredRun parent, long startTime) {
        MirroredRun run = trialRuns.get(trial.trialId());
        if (run == null) {
            run = findOrCreate(experimentId(trial.experimentName()), RunTags.TRIAL_ID, trial.trialId(), RunTags.KIND_TRIAL,
                    trial.runName(), startTime, trialIdentity(trial, parent));
            trialRuns.put(trial.trialId(), run);
        }
        if (parent != null && !parent.runId().equals(run.tags().get(RunTags.PARENT_RUN_ID))) {
            setTags(run, Map.of(RunTags.PARENT_RUN_ID, parent.runId()));
        }
        return run;
    }

    /**
     * A new run for a new attempt of the trial: the attempt starts again from step 1, and MLflow cannot delete
     * metric points, so appending to the previous attempt's run would hold those steps twice. Every earlier run
     * of the trial is deleted (MLflow's soft delete: it leaves the run table, its data stays restorable).
     */
    public MirroredRun freshTrialRun(TrialInfo trial, MirroredRun parent, long startTime) {
        String experimentId = experimentId(trial.experimentName());
        trialRuns.remove(trial.trialId());
        MirroredRun run = retrier.call("start a fresh run for trial " + trial.trialId(), deadline, () -> {
            for (Run old : api.runsWithTag(experimentId, RunTags.KIND_TRIAL, RunTags.TRIAL_ID, trial.trialId())) {
                api.deleteRun(old.getInfo().getRunId());
            }
            return create(experimentId, trial.runName(), startTime, trialIdentity(trial, parent));
        });
        trialRuns.put(trial.trialId(), run);
        return run;
    }

    /**
     * Deletes {@code stale} (which holds points the store does not) and creates the trial's run afresh; the
     * caller then uploads everything the store holds.
     *
     * @param startTime the trial's own start, as for {@link #trialRun}
     */
    public MirroredRun replaceTrialRun(MirroredRun stale, TrialInfo trial, MirroredRun parent, long startTime) {
        retrier.run("delete stale run " + stale.runId(), deadline, () -> api.deleteRun(stale.runId()));
        trialRuns.remove(trial.trialId());
        return trialRun(trial, parent, startTime);
    }

    private static Map<String, String> trialIdentity(TrialInfo trial, MirroredRun parent) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put(RunTags.KIND, RunTags.KIND_TRIAL);
        identity.put(RunTags.TRIAL_ID, trial.trialId());
        if (parent != null) {
            identity.put(RunTags.PARENT_RUN_ID, parent.runId());
        }
        return identity;
    }

    private MirroredRun findOrCreate(String experimentId, String idTag, String id, String kind, String runName,
                                     long startTime, Map<String, String> identityTags) {
        // One retried unit: if a create timed out after the server made the run, the next attempt finds it.
        return retrier.call("find-or-create " + kind + " run " + id, deadline, () -> {
            List<Run> found = api.runsWithTag(experimentId, kind, idTag, id);
            if (!found.isEmpty()) {
                if (found.size() > 1 && RunTags.KIND_TRIAL.equals(kind)) {
                    // One trial, one run: the oldest stays (and is then compared with the store), the rest go.
                    for (Run extra : found.subList(1, found.size())) {
                        api.deleteRun(extra.getInfo().getRunId());
                    }
                    warnings.accept("deleted " + (found.size() - 1) + " further MLflow run(s) of trial " + id
                            + "; each trial is one run (" + found.get(0).getInfo().getRunId() + ")");
                } else if (found.size() > 1) {
                    warnings.accept(found.size() + " MLflow runs carry " + idTag + "=" + id + "; using the oldest, "
                            + found.get(0).getInfo().getRunId());
                }
                return new MirroredRun(found.get(0), false);
            }
            return create(experimentId, runName, startTime, identityTags);
        });
    }

    private MirroredRun create(String experimentId, String runName, long startTime, Map<String, String> identityTags) {
        Map<String, String> tags = new LinkedHashMap<>(identityTags);
        tags.put(RunTags.SOURCE_NAME, "flowlab");
        tags.put(RunTags.SOURCE_TYPE, "LOCAL");
        String user = System.getProperty("user.name");
        if (user != null) {
            tags.put(RunTags.USER, user);
        }
        RunInfo info = api.createRun(experimentId, runName, startTime, tags);
        RunData.Builder data = RunData.newBuilder();
        tags.forEach((k, v) -> data.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
        data.addTags(RunTag.newBuilder().setKey(RunTags.RUN_NAME).setValue(runName));
        return new MirroredRun(Run.newBuilder().setInfo(info).setData(data).build(), true);
    }

    // ---- sending --------------------------------------------------------------------------------------------

    /**
     * Sends the params and tags the run does not have yet. A param the server holds with another value is
     * reported, not sent: params are write-once and the server would reject the whole batch.
     *
     * @return how many params and tags were sent
     */
    public int logParamsAndTags(MirroredRun run, Map<String, String> params, Map<String, String> tags) {
        List<Param> newParams = new ArrayList<>();
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(params).entrySet()) {
            String key = Limits.key(p.getKey());
            String value = Limits.paramValue(p.getValue());
            String existing = run.params().get(key);
            if (existing == null) {
                newParams.add(Param.newBuilder().setKey(key).setValue(value).build());
            } else if (!existing.equals(value)) {
                warnings.accept("run " + run.runId() + " already has param " + key + "=" + existing
                        + " (MLflow params are write-once); not changing it to " + value);
            }
        }
        List<RunTag> newTags = changedTags(run, tags);
        if (newParams.isEmpty() && newTags.isEmpty()) {
            return 0;
        }
        for (BatchChunker.Batch batch : BatchChunker.chunk(List.of(), newParams, newTags)) {
            retrier.run("log params/tags to run " + run.runId(), deadline,
                    () -> api.logBatch(run.runId(), List.of(), batch.params(), batch.tags()));
            batch.params().forEach(p -> run.params().put(p.getKey(), p.getValue()));
            batch.tags().forEach(t -> run.tags().put(t.getKey(), t.getValue()));
        }
        return newParams.size() + newTags.size();
    }

    public int setTags(MirroredRun run, Map<String, String> tags) {
        return logParamsAndTags(run, Map.of(), tags);
    }

    private List<RunTag> changedTags(MirroredRun run, Map<String, String> tags) {
        List<RunTag> changed = new ArrayList<>();
        for (Map.Entry<String, String> t : new java.util.TreeMap<>(tags).entrySet()) {
            String key = Limits.key(t.getKey());
            String value = Limits.tagValue(t.getValue());
            if (!value.equals(run.tags().get(key))) {
                changed.add(RunTag.newBuilder().setKey(key).setValue(value).build());
            }
        }
        return changed;
    }

    /**
     * Appends points without asking the server what it has: for the live path, whose run holds only this
     * attempt's points ({@link #freshTrialRun}), and for the missing points of {@link #compareMetrics}.
     */
    public void logMetrics(MirroredRun run, Collection<MetricPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        List<Metric> metrics = new ArrayList<>(points.size());
        for (MetricPoint p : points) {
            metrics.add(Metric.newBuilder().setKey(Limits.key(p.name())).setValue(p.value())
                    .setTimestamp(p.timestampMillis()).setStep(p.step()).build());
        }
        for (BatchChunker.Batch batch : BatchChunker.chunk(metrics, List.of(), List.of())) {
            // A retried batch whose first try did reach the server duplicates nothing: the server drops exact
            // repeats (same key, step, timestamp and value: its primary key).
            retrier.run("log " + batch.metrics().size() + " metric points to run " + run.runId(), deadline,
                    () -> api.logBatch(run.runId(), batch.metrics(), List.of(), List.of()));
            batch.metrics().forEach(m -> run.metricKeys().add(m.getKey()));
        }
    }

    /**
     * The run's full metric histories (REST get-history, paged) against the store's {@code points}: what is
     * missing, and whether the server holds anything the store does not (then the run must be replaced).
     */
    public MetricComparison compareMetrics(MirroredRun run, List<MetricPoint> points) {
        if (run.created() && run.metricKeys().isEmpty()) {
            return MetricComparison.allMissing(points);
        }
        Map<String, List<MetricPoint>> histories = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(run.metricKeys())) {
            histories.put(key, retrier.call("metric history " + key + " of run " + run.runId(), deadline,
                    () -> api.metricHistory(run.runId(), key)));
        }
        return MetricComparison.of(points, histories);
    }

    /** The first param the run holds with another value than {@code params}, described; null when none. */
    public String paramConflict(MirroredRun run, Map<String, String> params) {
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(params).entrySet()) {
            String existing = run.params().get(Limits.key(p.getKey()));
            String value = Limits.paramValue(p.getValue());
            if (existing != null && !existing.equals(value)) {
                return "it holds param " + Limits.key(p.getKey()) + "=" + existing + ", the run store " + value;
            }
        }
        return null;
    }

    /**
     * Puts a sweep's result on its parent run: the tags it lacks or holds with another value, the metric points
     * it lacks (so sending it twice, live and by sync, logs each point once).
     *
     * @return how many tags and metric points were sent
     */
    public int logHeadline(MirroredRun run, SweepHeadline headline) {
        int sent = setTags(run, headline.tags());
        List<MetricPoint> missing = compareMetrics(run, headline.metricPoints()).missing();
        logMetrics(run, missing);
        return sent + missing.size();
    }

    /**
     * Sets RUNNING / FINISHED / FAILED, and the run's description (MLflow's note): {@code description} plus,
     * for a failure, the reason — which also goes into the {@code flowlab.failureReason} tag. A run that is
     * no longer failed (a resumed trial) loses the earlier reason.
     *
     * @param description shown in the UI above the reason; null for none
     * @return true when a request was needed
     */
    public boolean setStatus(MirroredRun run, TrialStatus status, String failureReason, long endTime,
                             String description) {
        boolean changed = false;
        boolean failed = status == TrialStatus.FAILED;
        Map<String, String> wanted = new LinkedHashMap<>();
        String reason = failureReason == null || failureReason.isBlank() ? null : failureReason;
        if (failed && reason != null) {
            wanted.put(RunTags.FAILURE_REASON, reason);
        }
        String note = note(description, failed, reason);
        if (note != null) {
            wanted.put(RunTags.NOTE, note);
        }
        if (!failed) {
            changed |= deleteTagIf(run, RunTags.FAILURE_REASON, v -> true);
        }
        if (note == null) {
            changed |= deleteTagIf(run, RunTags.NOTE, v -> v.startsWith(FAILED_NOTE));
        }
        changed |= setTags(run, wanted) > 0;
        RunStatus target = toRunStatus(status);
        // An ended run whose end differs from the store's (mirrored before runs kept their trial's own times) is
        // corrected too.
        if (run.status() == target && (target == RunStatus.RUNNING || run.endTime() == endTime)) {
            return changed;
        }
        if (target == RunStatus.RUNNING) {
            retrier.run("reopen run " + run.runId(), deadline, () -> api.setRunning(run.runId()));
            run.endTime(-1);
        } else {
            retrier.run("end run " + run.runId() + " as " + target, deadline,
                    () -> api.setTerminated(run.runId(), target, endTime));
            run.endTime(endTime);
        }
        run.status(target);
        return true;
    }

    private static final String FAILED_NOTE = "**FAILED**";

    static String note(String description, boolean failed, String reason) {
        String failure = failed ? FAILED_NOTE + (reason == null ? "" : ": " + reason) : null;
        boolean hasDescription = description != null && !description.isBlank();
        if (failure == null) {
            return hasDescription ? description : null;
        }
        return hasDescription ? description + "\n\n" + failure : failure;
    }

    private boolean deleteTagIf(MirroredRun run, String key, java.util.function.Predicate<String> condition) {
        String value = run.tags().get(key);
        if (value == null || !condition.test(value)) {
            return false;
        }
        retrier.run("clear tag " + key + " of run " + run.runId(), deadline, () -> api.deleteTag(run.runId(), key));
        run.tags().remove(key);
        return true;
    }

    public static RunStatus toRunStatus(TrialStatus status) {
        return switch (status) {
            case RUNNING -> RunStatus.RUNNING;
            case FINISHED -> RunStatus.FINISHED;
            case FAILED -> RunStatus.FAILED;
        };
    }

    /**
     * Uploads one file to the run's artifacts through the server's proxy.
     *
     * @return false when the server does not proxy this run's artifacts (reported once per run)
     */
    public boolean upload(MirroredRun run, Path file, String artifactPath) {
        Optional<String> root = run.artifactProxyRoot();
        if (root.isEmpty()) {
            if (warnedNoProxy.add(run.runId())) {
                warnings.accept("run " + run.runId() + " stores artifacts at " + run.artifactUri()
                        + ", which the server does not proxy; start it with artifact serving (the default of "
                        + "`mlflow server`) to receive artifacts without a Python client");
            }
            return false;
        }
        if (!Files.isRegularFile(file)) {
            warnings.accept("artifact " + file + " is gone from the run store; not uploaded");
            return false;
        }
        retrier.run("upload " + file.getFileName() + " to run " + run.runId(), deadline,
                () -> api.putArtifact(root.get(), file, artifactPath == null ? "" : artifactPath));
        return true;
    }

    /** Sizes of the files directly inside {@code folder} of the run's artifacts, by file name. */
    public Map<String, Long> artifactSizes(MirroredRun run, String folder) {
        Map<String, Long> sizes = new HashMap<>();
        String prefix = folder.isEmpty() ? "" : folder + "/";
        for (MlflowApi.ArtifactEntry e : retrier.call("list artifacts of run " + run.runId(), deadline,
                () -> api.listArtifacts(run.runId(), folder))) {
            if (!e.directory()) {
                String name = e.path().startsWith(prefix) ? e.path().substring(prefix.length()) : e.path();
                sizes.put(name, e.size());
            }
        }
        return sizes;
    }

    /** The user-facing tags of a sweep's parent run (its name too, so sync renames runs named the old way). */
    public static Map<String, String> sweepTags(SweepInfo sweep) {
        Map<String, String> tags = new LinkedHashMap<>(sweep.tags());
        tags.put(RunTags.KIND, RunTags.KIND_SWEEP);
        tags.put(RunTags.SWEEP_ID, sweep.sweepId());
        tags.put(RunTags.RUN_NAME, sweepRunName(sweep));
        return tags;
    }

    /**
     * The user-facing tags of a trial's run: provenance that is not config, each fact once. The config is in
     * the params (the seed is {@code train.seed}, a plugin's name {@code model.<family>}); stores written
     * before this rule also carry the config hash, the seed and the plugin names as tags, which are left out
     * here ({@link RunTags#LEGACY_DUPLICATES}). The attempt is given only for a resumed trial.
     */
    public static Map<String, String> trialTags(TrialInfo trial, int attempt) {
        Map<String, String> tags = new LinkedHashMap<>(trial.tags());
        tags.keySet().removeIf(key -> RunTags.LEGACY_DUPLICATES.contains(key)
                || key.startsWith("plugin.") && !key.endsWith(".version") && trial.params().containsKey(
                        "model." + key.substring("plugin.".length())));
        tags.put(RunTags.KIND, RunTags.KIND_TRIAL);
        tags.put(RunTags.TRIAL_ID, trial.trialId());
        tags.put(RunTags.SWEEP_ID, trial.sweepId());
        if (attempt > 1) {
            tags.put(RunTags.ATTEMPT, Integer.toString(attempt));
        }
        return tags;
    }
}
