package org.flowlab.tracking.mlflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.WorkerTracking;
import org.flowlab.tracking.sync.StoreSync;
import org.flowlab.tracking.sync.SyncReport;

/**
 * Mirrors a sweep into MLflow as it runs: one experiment per experiment name, a parent run per invocation,
 * a nested run per trial (tag {@code flowlab.trialId}); each attempt of a trial starts a fresh run and deletes
 * the previous attempt's, so the server never holds a step twice.
 *
 * <p>The runner's threads only enqueue: a bounded queue feeds one delivery thread, so training never waits
 * for the network. That thread retries with back-off while the server is unreachable (events wait in the
 * queue, in order). If the queue overflows, or an event cannot be delivered at all, nothing is lost: the
 * local run store has it, and {@link #close()} runs a {@link StoreSync} of the affected sweeps, which sends
 * exactly what the server lacks. Whatever still fails is left for {@code flowlab sync}, and said so.
 * No method throws.
 */
public final class MlflowTracker implements Tracker {

    private sealed interface Event permits SweepStarted, TrialStarted, Metrics, Artifact, Headline, TrialEnded,
            SweepEnded, TrialArrived {
        String sweepId();
    }

    private record SweepStarted(SweepInfo sweep) implements Event {
        public String sweepId() {
            return sweep.sweepId();
        }
    }

    private record TrialStarted(SweepInfo sweep, TrialInfo trial, long time) implements Event {
        public String sweepId() {
            return sweep.sweepId();
        }
    }

    private record Metrics(TrialInfo trial, List<MetricPoint> points) implements Event {
        public String sweepId() {
            return trial.sweepId();
        }
    }

    private record Artifact(SweepInfo sweep, TrialInfo trial, Path file, String artifactPath) implements Event {
        public String sweepId() {
            return trial != null ? trial.sweepId() : sweep.sweepId();
        }
    }

    private record Headline(SweepInfo sweep, SweepHeadline headline) implements Event {
        public String sweepId() {
            return sweep.sweepId();
        }
    }

    private record TrialEnded(TrialInfo trial, TrialStatus status, String reason, long time) implements Event {
        public String sweepId() {
            return trial.sweepId();
        }
    }

    private record SweepEnded(SweepInfo sweep, TrialStatus status, long time) implements Event {
        public String sweepId() {
            return sweep.sweepId();
        }
    }

    /** A trial that ran on a cluster worker, which logged it live, is complete in the driver's store. */
    private record TrialArrived(SweepInfo sweep, TrialInfo trial) implements Event {
        public String sweepId() {
            return sweep.sweepId();
        }
    }

    /** How long a worker's tracker looks for the driver's parent run of the sweep before logging without it. */
    private static final Duration PARENT_WAIT = Duration.ofSeconds(20);

    private final MlflowEndpoint endpoint;
    /** Null in the sweep's own process; on a cluster worker, the attempt of its one trial in the driver's store. */
    private final Integer workerAttempt;
    private final TrackingSettings settings;
    private final RunStore store;
    private final Consumer<String> console;
    private final MlflowApi api;
    private final Deadline deadline = Deadline.never();
    private final Retrier retrier;
    private final RunMirror mirror;
    private final BlockingQueue<Event> queue;
    private final Thread worker;
    private final Map<String, SweepInfo> sweeps = new ConcurrentHashMap<>();
    /** Sweeps with something the live path did not deliver; the catch-up sync fixes exactly these. */
    private final Set<String> undelivered = ConcurrentHashMap.newKeySet();
    /**
     * Trials whose start did not reach the server: their later events are left to the catch-up, which compares
     * with the store; sent live, they would land in the previous attempt's run.
     */
    private final Set<String> notStartedLive = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicBoolean warnedDown = new AtomicBoolean();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;

    /**
     * @param store   the run store the sweep writes first; the catch-up sync reads it (null: no catch-up)
     * @param console user-facing notices (the server went away, what was caught up, what is left for sync)
     */
    public MlflowTracker(MlflowEndpoint endpoint, TrackingSettings settings, RunStore store, Consumer<String> console) {
        this(endpoint, settings, store, null, console);
    }

    /**
     * The tracker of one trial on a cluster worker: it logs the trial live into a fresh run (deleting an earlier
     * try's, e.g. of a worker that died), under the driver's parent run once that exists (it never creates one),
     * tagged with the driver's attempt number; it does not catch up at its end: the driver, which receives the
     * trial's record, sends whatever did not arrive ({@link #trialCompletedElsewhere}).
     *
     * @param workerStore the worker's temporary run store holding the trial (its times)
     * @param attempt     the trial's attempt number in the driver's run store
     */
    public static MlflowTracker onWorker(MlflowEndpoint endpoint, TrackingSettings settings, RunStore workerStore,
                                         int attempt, Consumer<String> console) {
        return new MlflowTracker(endpoint, settings, workerStore, attempt, console);
    }

    private MlflowTracker(MlflowEndpoint endpoint, TrackingSettings settings, RunStore store, Integer workerAttempt,
                          Consumer<String> console) {
        this.endpoint = endpoint;
        this.workerAttempt = workerAttempt;
        this.settings = settings;
        this.store = store;
        this.console = console;
        this.api = new MlflowApi(endpoint, settings);
        this.retrier = new Retrier(settings, this::retrying);
        this.mirror = new RunMirror(api, retrier, deadline, message -> console.accept("mlflow: " + message));
        this.queue = new ArrayBlockingQueue<>(Math.max(16, settings.queueCapacity()));
        this.worker = new Thread(this::deliverLoop, "flowlab-mlflow");
        this.worker.setDaemon(true); // never keeps a finished sweep's JVM alive; close() drains it
        this.worker.start();
    }

    public MlflowEndpoint endpoint() {
        return endpoint;
    }

    // ---- the runner's side: enqueue only --------------------------------------------------------------------

    @Override
    public void sweepStarted(SweepInfo sweep) {
        sweeps.put(sweep.sweepId(), sweep);
        enqueue(new SweepStarted(sweep));
    }

    @Override
    public void trialStarted(SweepInfo sweep, TrialInfo trial) {
        sweeps.putIfAbsent(sweep.sweepId(), sweep);
        enqueue(new TrialStarted(sweep, trial, System.currentTimeMillis()));
    }

    @Override
    public void metrics(TrialInfo trial, List<MetricPoint> points) {
        if (points != null && !points.isEmpty()) {
            enqueue(new Metrics(trial, List.copyOf(points)));
        }
    }

    @Override
    public void artifact(SweepInfo sweep, TrialInfo trial, Path file, String artifactPath) {
        if (sweep != null) {
            sweeps.putIfAbsent(sweep.sweepId(), sweep);
        }
        enqueue(new Artifact(sweep, trial, file, artifactPath == null ? "" : artifactPath));
    }

    @Override
    public void sweepHeadline(SweepInfo sweep, SweepHeadline headline) {
        sweeps.putIfAbsent(sweep.sweepId(), sweep);
        enqueue(new Headline(sweep, headline));
    }

    @Override
    public void trialEnded(TrialInfo trial, TrialStatus status, String failureReason) {
        enqueue(new TrialEnded(trial, status, failureReason, System.currentTimeMillis()));
    }

    @Override
    public void sweepEnded(SweepInfo sweep, TrialStatus status) {
        sweeps.putIfAbsent(sweep.sweepId(), sweep);
        enqueue(new SweepEnded(sweep, status, System.currentTimeMillis()));
    }

    @Override
    public Optional<WorkerTracking> forWorkers() {
        return onWorker() ? Optional.empty()
                : Optional.of(new WorkerTracking(endpoint.base(), endpoint.credentialEnvironment()));
    }

    @Override
    public void trialCompletedElsewhere(SweepInfo sweep, TrialInfo trial) {
        sweeps.putIfAbsent(sweep.sweepId(), sweep);
        enqueue(new TrialArrived(sweep, trial));
    }

    private boolean onWorker() {
        return workerAttempt != null;
    }

    private void enqueue(Event event) {
        try {
            if (closing || !queue.offer(event)) {
                notStarted(event);
                undelivered.add(event.sweepId());
                dropped.incrementAndGet();
                if (!closing && warnedFull.compareAndSet(false, true)) {
                    console.accept("mlflow: " + endpoint + " is behind; further events are left in the run store "
                            + "for the catch-up at the end of the sweep (training is not slowed down)");
                }
            }
        } catch (RuntimeException e) { // never into the runner
            notStarted(event);
            undelivered.add(event.sweepId());
        }
    }

    // ---- the delivery thread --------------------------------------------------------------------------------

    private void deliverLoop() {
        while (true) {
            Event event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (event == null) {
                if (closing) {
                    break;
                }
                continue;
            }
            if (closing && deadline.passed()) { // out of time: the rest is for the catch-up sync
                undelivered.add(event.sweepId());
                abandonQueue();
                break;
            }
            try {
                deliver(event);
                delivered.incrementAndGet();
            } catch (RuntimeException e) {
                notStarted(event);
                undelivered.add(event.sweepId());
                TrackingException failure = Failures.classify("MLflow", e);
                if (failure.retryable()) {
                    announceDown(failure);
                } else {
                    console.accept("mlflow: " + failure.getMessage() + " (left for the catch-up sync)");
                }
            }
        }
        abandonQueue();
    }

    private void abandonQueue() {
        Event rest;
        while ((rest = queue.poll()) != null) {
            undelivered.add(rest.sweepId());
        }
    }

    private void notStarted(Event event) {
        if (event instanceof TrialStarted e) {
            notStartedLive.add(e.trial().trialId());
        }
    }

    private static String trialIdOf(Event event) {
        if (event instanceof Metrics e) {
            return e.trial().trialId();
        } else if (event instanceof Artifact e && e.trial() != null) {
            return e.trial().trialId();
        } else if (event instanceof TrialEnded e) {
            return e.trial().trialId();
        }
        return null;
    }

    private void deliver(Event event) {
        String trialId = trialIdOf(event);
        if (trialId != null && notStartedLive.contains(trialId)) {
            undelivered.add(event.sweepId()); // its fresh run was never made: the catch-up sends it
            return;
        }
        // Java 17: no pattern switch yet, so an instanceof chain over the sealed event types.
        if (event instanceof SweepStarted e) {
            MirroredRun run = mirror.sweepRun(e.sweep());
            mirror.setTags(run, RunMirror.sweepTags(e.sweep()));
            mirror.setStatus(run, TrialStatus.RUNNING, null, 0, e.sweep().description());
            settleEndedSweeps(e.sweep());
        } else if (event instanceof TrialStarted e) {
            // A new attempt restarts from step 1: a fresh run, never the previous attempt's points plus these.
            Optional<StoredTrial> stored = stored(e.trial());
            MirroredRun parent = onWorker() ? mirror.existingSweepRun(e.sweep(), PARENT_WAIT).orElse(null)
                    : mirror.sweepRun(e.sweep());
            MirroredRun run = mirror.freshTrialRun(e.trial(), parent,
                    stored.map(StoredTrial::startedAt).filter(t -> t >= 0).orElse(e.time()));
            notStartedLive.remove(e.trial().trialId());
            mirror.setStatus(run, TrialStatus.RUNNING, null, 0, RunNotes.trial(e.trial()));
            mirror.logParamsAndTags(run, e.trial().params(), RunMirror.trialTags(e.trial(),
                    onWorker() ? workerAttempt : stored.map(StoredTrial::attempt).orElse(0)));
        } else if (event instanceof Metrics e) {
            mirror.logMetrics(trialRun(e.trial()), coalesce(e));
        } else if (event instanceof Artifact e) {
            MirroredRun run = e.trial() != null ? trialRun(e.trial()) : mirror.sweepRun(e.sweep());
            if (!mirror.upload(run, e.file(), e.artifactPath())) {
                undelivered.add(e.sweepId());
            }
        } else if (event instanceof Headline e) {
            mirror.logHeadline(mirror.sweepRun(e.sweep()), e.headline());
        } else if (event instanceof TrialEnded e) {
            // the store's end time, so that MLflow's duration is the trial's own (the queue may have waited)
            long end = stored(e.trial()).map(StoredTrial::endedAt).filter(t -> t >= 0).orElse(e.time());
            mirror.setStatus(trialRun(e.trial()), e.status(), e.reason(), end, RunNotes.trial(e.trial()));
        } else if (event instanceof TrialArrived e) {
            reconcile(e);
        } else if (event instanceof SweepEnded e && e.status() != TrialStatus.RUNNING) {
            long end = storedSweep(e.sweep()).map(StoredSweep::endedAt).filter(t -> t >= 0).orElse(e.time());
            mirror.setStatus(mirror.sweepRun(e.sweep()), e.status(), null, end, e.sweep().description());
        }
    }

    /**
     * The worker logged the trial live; its record is now in the store: send only what the server lacks (nothing,
     * when the worker reached it all along), replace a run that holds more, never start the run afresh.
     */
    private void reconcile(TrialArrived arrived) {
        if (store == null) {
            undelivered.add(arrived.sweepId());
            return;
        }
        SyncReport report = new StoreSync(mirror, line -> { }).syncTrial(store, arrived.sweep(), arrived.trial().trialId());
        if (!report.complete()) {
            undelivered.add(arrived.sweepId()); // the catch-up at the end tries the whole sweep again
            report.problems().forEach(p -> console.accept("mlflow: " + p));
        }
    }

    /** A killed invocation's parent run would show RUNNING for ever: the store has closed it by now. */
    private void settleEndedSweeps(SweepInfo started) {
        if (store == null) {
            return;
        }
        try {
            new StoreSync(mirror, line -> { }).settleEndedSweeps(store, started.experimentName());
        } catch (RuntimeException e) { // cosmetic: `flowlab sync` settles them too
            console.accept("mlflow: could not close the runs of earlier interrupted sweeps: " + e.getMessage());
        }
    }

    /** Joins the metric events of the same trial waiting behind {@code first} into one batch of requests. */
    private List<MetricPoint> coalesce(Metrics first) {
        List<MetricPoint> points = new ArrayList<>(first.points());
        while (points.size() < Limits.METRICS_PER_BATCH && queue.peek() instanceof Metrics next
                && next.trial().trialId().equals(first.trial().trialId())) {
            queue.poll(); // single consumer: the peeked event is still the head
            points.addAll(next.points());
        }
        return points;
    }

    private MirroredRun trialRun(TrialInfo trial) {
        SweepInfo sweep = sweeps.get(trial.sweepId());
        MirroredRun parent = sweep == null ? null
                : onWorker() ? mirror.knownSweepRun(sweep.sweepId()).orElse(null) : mirror.sweepRun(sweep);
        return mirror.trialRun(trial, parent,
                stored(trial).map(StoredTrial::startedAt).orElse(System.currentTimeMillis()));
    }

    /** The trial as the run store has it (written before the tracker hears of it): its attempt and times. */
    private Optional<StoredTrial> stored(TrialInfo trial) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.trial(trial.experimentName(), trial.trialId());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<StoredSweep> storedSweep(SweepInfo sweep) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.sweep(sweep.experimentName(), sweep.sweepId());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void retrying(TrackingException failure) {
        if (failure.kind() == TrackingException.Kind.UNREACHABLE) {
            announceDown(failure);
        }
    }

    private void announceDown(TrackingException failure) {
        if (warnedDown.compareAndSet(false, true)) {
            console.accept("mlflow: " + failure.getMessage() + "; retrying in the background, training goes on, "
                    + "and the run store keeps everything for the catch-up");
        }
    }

    // ---- closing --------------------------------------------------------------------------------------------

    /**
     * Delivers what is queued, then catches up from the run store whatever did not arrive live — all within
     * {@link TrackingSettings#drainTimeout()} (plus one request's time limit).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            deadline.limitTo(settings.drainTimeout());
            closing = true;
            long limit = settings.drainTimeout().plus(settings.requestTimeout()).plusSeconds(2).toMillis();
            worker.join(Math.min(limit, 2_000)); // the usual case: the last few events go out at once
            if (worker.isAlive()) { // say why the sweep has not returned yet
                console.accept("mlflow: delivering what is left to " + endpoint + " (at most "
                        + settings.drainTimeout().toSeconds() + " s; anything still missing is left for `flowlab sync`)");
                worker.join(Math.max(1, limit - 2_000));
            }
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(Duration.ofSeconds(5).toMillis());
            }
            abandonQueue();
            if (!onWorker()) { // a worker's trial is caught up by the driver, which also prints where to look
                catchUp();
                printLinks();
            } else {
                reportLeft();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reportLeft();
        } catch (RuntimeException e) {
            console.accept("mlflow: " + e);
            reportLeft();
        } finally {
            api.close();
        }
    }

    /** Where to look: the run table of each mirrored experiment, in FlowLab's saved view (see {@link ExperimentTags}). */
    private void printLinks() {
        if (worker.isAlive()) {
            return; // the mirror belongs to the delivery thread while it lives
        }
        sweeps.values().stream().map(SweepInfo::experimentName).distinct().forEach(name -> mirror.knownExperimentId(name)
                .ifPresent(id -> console.accept("mlflow: " + name + ": " + ExperimentTags.runsPage(endpoint.base(), id))));
    }

    private void catchUp() {
        if (undelivered.isEmpty()) {
            return;
        }
        if (store == null) {
            reportLeft();
            return;
        }
        // A fresh mirror: it asks the server what it has instead of trusting what the live path believed.
        RunMirror fresh = new RunMirror(api, retrier, deadline, message -> console.accept("mlflow: " + message));
        StoreSync sync = new StoreSync(fresh, line -> { });
        for (String sweepId : Set.copyOf(undelivered)) {
            SweepInfo sweep = sweeps.get(sweepId);
            if (sweep == null) {
                continue;
            }
            try {
                SyncReport report = sync.syncSweep(store, sweep.experimentName(), sweepId);
                if (report.complete()) {
                    undelivered.remove(sweepId);
                    console.accept("mlflow: caught up from the run store: " + report);
                } else {
                    report.problems().forEach(p -> console.accept("mlflow: " + p));
                    report.damaged().forEach(d -> console.accept("mlflow: damaged in the run store: " + d));
                }
            } catch (RuntimeException e) {
                console.accept("mlflow: catch-up of sweep " + sweepId + " failed: " + e.getMessage());
            }
        }
        reportLeft();
    }

    private void reportLeft() {
        if (!undelivered.isEmpty() && onWorker()) {
            console.accept("mlflow: not everything of this trial reached " + endpoint + " from this worker; the driver "
                    + "sends the rest when the trial's record reaches it");
        } else if (!undelivered.isEmpty()) {
            console.accept("mlflow: not everything reached " + endpoint + "; it is all in the run store"
                    + (store == null ? "" : " " + store.root()) + ": run `flowlab sync --tracking-uri " + endpoint
                    + (store == null ? "" : " --store " + store.root()) + "` when the server is back");
        }
    }

    /** Sweeps whose mirror is incomplete after {@link #close()}; empty when everything arrived. */
    public Set<String> undeliveredSweeps() {
        return Set.copyOf(undelivered);
    }

    /** Events delivered by the live path (for tests and diagnostics). */
    public long deliveredEvents() {
        return delivered.get();
    }

    /** Events that found the queue full (or arrived after close) and were left to the catch-up. */
    public long droppedEvents() {
        return dropped.get();
    }
}
