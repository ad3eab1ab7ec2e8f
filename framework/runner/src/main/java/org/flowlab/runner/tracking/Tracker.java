package org.flowlab.runner.tracking;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;

/**
 * Receives a sweep's events as they happen. The local run store is always written first and is the
 * source of truth; a live tracker (MLflow) mirrors it. Implementations must never throw into the
 * runner: a tracking hiccup never fails a trial, and whatever did not arrive is delivered later by sync.
 * Calls may come from several trial threads at once.
 */
public interface Tracker extends AutoCloseable {

    void sweepStarted(SweepInfo sweep);

    void trialStarted(SweepInfo sweep, TrialInfo trial);

    void metrics(TrialInfo trial, List<MetricPoint> points);

    /** @param trial null for a sweep-level artifact (summary table, curve chart) */
    void artifact(SweepInfo sweep, TrialInfo trial, Path file, String artifactPath);

    /**
     * The sweep's result for its parent run (best combination, verdicts, differences with CIs), once the
     * summary is written; the run store already holds it ({@code result.json}), so sync can deliver it too.
     */
    void sweepHeadline(SweepInfo sweep, SweepHeadline headline);

    void trialEnded(TrialInfo trial, TrialStatus status, String failureReason);

    void sweepEnded(SweepInfo sweep, TrialStatus status);

    /**
     * How a trial running in another process (a cluster worker) can send its events to the same place live, through
     * {@link Trackers#forWorker}; empty (the default) when this tracker mirrors nowhere such a process could reach.
     */
    default Optional<WorkerTracking> forWorkers() {
        return Optional.empty();
    }

    /**
     * A trial that ran in another process, which sent its events live itself (see {@link #forWorkers()}), is now
     * complete in this run store: make the mirror equal to the store for this trial, sending only what did not
     * arrive and never starting its run afresh. Called instead of the per-event methods for that trial.
     */
    default void trialCompletedElsewhere(SweepInfo sweep, TrialInfo trial) {
    }

    /** Flushes what is buffered; waits at most as long as the implementation's own time limits allow. */
    @Override
    void close();
}
