package org.flowlab.runner.tracking;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;

/**
 * Fans events out to several trackers and shields the runner from them: the contract says trackers never
 * throw, but a bug in one must still not fail a trial (the run store already holds everything, and
 * {@code flowlab sync} delivers it later). The first failure of each tracker is reported once.
 */
public final class SafeTracker implements Tracker {

    private final List<Tracker> delegates;
    private final List<AtomicBoolean> warned;
    private final PrintStream err;

    public SafeTracker(List<Tracker> delegates, PrintStream err) {
        this.delegates = List.copyOf(delegates);
        this.warned = delegates.stream().map(d -> new AtomicBoolean()).toList();
        this.err = err;
    }

    private interface Call {
        void on(Tracker tracker);
    }

    private void each(Call call) {
        for (int i = 0; i < delegates.size(); i++) {
            try {
                call.on(delegates.get(i));
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vm) {
                    throw vm;
                }
                if (warned.get(i).compareAndSet(false, true)) {
                    err.println("warning: tracker " + delegates.get(i).getClass().getSimpleName() + " failed (" + e
                            + "); the local run store has everything, `flowlab sync` can deliver it later");
                }
            }
        }
    }

    @Override
    public void sweepStarted(SweepInfo sweep) {
        each(t -> t.sweepStarted(sweep));
    }

    @Override
    public void trialStarted(SweepInfo sweep, TrialInfo trial) {
        each(t -> t.trialStarted(sweep, trial));
    }

    @Override
    public void metrics(TrialInfo trial, List<MetricPoint> points) {
        each(t -> t.metrics(trial, points));
    }

    @Override
    public void artifact(SweepInfo sweep, TrialInfo trial, Path file, String artifactPath) {
        each(t -> t.artifact(sweep, trial, file, artifactPath));
    }

    @Override
    public void sweepHeadline(SweepInfo sweep, SweepHeadline headline) {
        each(t -> t.sweepHeadline(sweep, headline));
    }

    @Override
    public void trialEnded(TrialInfo trial, TrialStatus status, String failureReason) {
        each(t -> t.trialEnded(trial, status, failureReason));
    }

    @Override
    public void sweepEnded(SweepInfo sweep, TrialStatus status) {
        each(t -> t.sweepEnded(sweep, status));
    }

    /** The first tracker that can be reached from other processes (workers log to that one live). */
    @Override
    public Optional<WorkerTracking> forWorkers() {
        for (Tracker delegate : delegates) {
            try {
                Optional<WorkerTracking> tracking = delegate.forWorkers();
                if (tracking.isPresent()) {
                    return tracking;
                }
            } catch (RuntimeException e) {
                // that one cannot: workers leave it to this process's mirror
            }
        }
        return Optional.empty();
    }

    @Override
    public void trialCompletedElsewhere(SweepInfo sweep, TrialInfo trial) {
        each(t -> t.trialCompletedElsewhere(sweep, trial));
    }

    @Override
    public void close() {
        each(Tracker::close);
    }
}
