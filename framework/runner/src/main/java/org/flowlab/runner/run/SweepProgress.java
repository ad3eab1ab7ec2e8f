package org.flowlab.runner.run;

import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.sweep.PlannedTrial;

/** What the user watches while a sweep runs. Calls come from several trial threads at once. */
public interface SweepProgress {

    void sweepStarted(int toRun, int parallel);

    void trialStarted(PlannedTrial trial, int attempt);

    void trialSteps(PlannedTrial trial, long totalSteps);

    void trialStep(PlannedTrial trial, long step, double trainBpd);

    void trialFinished(PlannedTrial trial, TrialOutcome outcome);

    void trialFailed(PlannedTrial trial, String reason);

    void sweepFinished();

    SweepProgress NONE = new SweepProgress() {
        @Override
        public void sweepStarted(int toRun, int parallel) {
        }

        @Override
        public void trialStarted(PlannedTrial trial, int attempt) {
        }

        @Override
        public void trialSteps(PlannedTrial trial, long totalSteps) {
        }

        @Override
        public void trialStep(PlannedTrial trial, long step, double trainBpd) {
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
    };
}
