package org.flowlab.runner.tracking;

import java.nio.file.Path;
import java.util.List;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;

/** The default when no tracking URI is given: the local run store alone records the sweep. */
public final class NoOpTracker implements Tracker {

    public static final NoOpTracker INSTANCE = new NoOpTracker();

    private NoOpTracker() {
    }

    @Override
    public void sweepStarted(SweepInfo sweep) {
    }

    @Override
    public void trialStarted(SweepInfo sweep, TrialInfo trial) {
    }

    @Override
    public void metrics(TrialInfo trial, List<MetricPoint> points) {
    }

    @Override
    public void artifact(SweepInfo sweep, TrialInfo trial, Path file, String artifactPath) {
    }

    @Override
    public void sweepHeadline(SweepInfo sweep, SweepHeadline headline) {
    }

    @Override
    public void trialEnded(TrialInfo trial, TrialStatus status, String failureReason) {
    }

    @Override
    public void sweepEnded(SweepInfo sweep, TrialStatus status) {
    }

    @Override
    public void close() {
    }
}
