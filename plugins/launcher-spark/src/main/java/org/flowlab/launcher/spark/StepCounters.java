package org.flowlab.launcher.spark;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.flowlab.runner.run.SweepProgress;
import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.sweep.PlannedTrial;

/**
 * Live step counts for the driver's console: the task updates three named Spark accumulators (total steps,
 * steps done, last train bits/dim) and the executor's heartbeat carries their values to the driver while the
 * task runs, where {@link TaskWatcher} turns them into the same progress calls a local trial makes. Only the
 * console sees them; the store gets the trial's points when the task completes.
 */
final class StepCounters implements SweepProgress, Serializable {

    static final String PREFIX = "flowlab.";

    private final LongAccumulator total;
    private final LongAccumulator step;
    private final DoubleAccumulator trainBpd;

    private StepCounters(LongAccumulator total, LongAccumulator step, DoubleAccumulator trainBpd) {
        this.total = total;
        this.step = step;
        this.trainBpd = trainBpd;
    }

    static StepCounters register(JavaSparkContext spark, String trialId) {
        return new StepCounters(spark.sc().longAccumulator(PREFIX + "total." + trialId),
                spark.sc().longAccumulator(PREFIX + "step." + trialId),
                spark.sc().doubleAccumulator(PREFIX + "bpd." + trialId));
    }

    @Override
    public void trialSteps(PlannedTrial trial, long totalSteps) {
        total.reset();
        total.add(totalSteps);
    }

    @Override
    public void trialStep(PlannedTrial trial, long stepDone, double bpd) {
        step.reset();
        step.add(stepDone);
        trainBpd.reset();
        trainBpd.add(bpd);
    }

    @Override
    public void sweepStarted(int toRun, int parallel) {
    }

    @Override
    public void trialStarted(PlannedTrial trial, int attempt) {
    }

    @Override
    public void trialFinished(PlannedTrial trial, TrialOutcome outcome) {
    }

    @Override
    public void trialFailed(PlannedTrial trial, String reason) {
    }

    @Override
    public void sweepFinished() {
    }
}
