package org.flowlab.engine.train;

/** What a running trial reports, in order; the runner writes it to the run store and any live tracker. */
public interface TrainingListener {

    default void onStart(long parameterCount, long totalSteps) {
    }

    default void onMetric(MetricPoint point) {
    }

    /** After the first step: how the training step executes (compiled plan or SameDiff's session, and why). */
    default void onExecution(String description) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
