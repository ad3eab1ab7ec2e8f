package org.flowlab.engine.train;

/** Linear warm-up from lr/warmup to lr over the first {@code warmupSteps} steps, then constant (Glow). */
record LearningRateSchedule(double lr, int warmupSteps) {

    /** @param step 1-based optimiser step */
    double at(long step) {
        return warmupSteps <= 0 ? lr : lr * Math.min(1.0, (double) step / warmupSteps);
    }
}
