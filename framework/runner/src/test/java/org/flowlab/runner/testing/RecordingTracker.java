package org.flowlab.runner.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.SweepHeadline;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.Tracker;

/** Remembers every call, as one line each, for asserting what a live tracker would see. */
public class RecordingTracker implements Tracker {

    public final List<String> events = Collections.synchronizedList(new ArrayList<>());
    public final List<MetricPoint> points = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sweepStarted(SweepInfo sweep) {
        events.add("sweepStarted " + sweep.experimentName());
    }

    @Override
    public void trialStarted(SweepInfo sweep, TrialInfo trial) {
        events.add("trialStarted " + trial.runName());
    }

    @Override
    public void metrics(TrialInfo trial, List<MetricPoint> batch) {
        points.addAll(batch);
    }

    @Override
    public void artifact(SweepInfo sweep, TrialInfo trial, Path file, String artifactPath) {
        events.add("artifact " + (trial == null ? "sweep" : trial.runName()) + " " + artifactPath + "/"
                + file.getFileName());
    }

    @Override
    public void sweepHeadline(SweepInfo sweep, SweepHeadline headline) {
        events.add("sweepHeadline best=" + headline.tags().get("best"));
    }

    @Override
    public void trialEnded(TrialInfo trial, TrialStatus status, String failureReason) {
        events.add("trialEnded " + trial.runName() + " " + status + (failureReason == null ? "" : " " + failureReason));
    }

    @Override
    public void sweepEnded(SweepInfo sweep, TrialStatus status) {
        events.add("sweepEnded " + status);
    }

    @Override
    public void close() {
        events.add("close");
    }
}
