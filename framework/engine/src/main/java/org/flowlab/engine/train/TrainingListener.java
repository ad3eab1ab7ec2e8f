package org.flowlab.engine.train;

/** What a running trial reports, in order; the runner writes it to the run store and any live tracker. */
public interface TrainingListener {

    default void onStart(long parameterCount, long totalSteps) {
    }

    default void onMetric(MetricPoint point) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
