package org.flowlab.api.config;

/**
 * Optimisation: Adam with a linear learning-rate warm-up and optional clipping of the global gradient
 * norm ({@code gradClip} ≤ 0 turns it off). Training runs {@code steps} optimiser steps when given,
 * else {@code epochs} passes over the training split. Test bits/dim is evaluated every
 * {@code evalEvery} steps on the first {@code evalImages} images of the test split (null: all of it), a fixed
 * subset that keeps frequent evaluations cheap, and at the last step always on the whole test split.
 */
public record TrainConfig(Integer epochs, Integer steps, int batchSize, double lr, int warmupSteps,
                          double gradClip, int evalEvery, int evalBatchSize, long seed, Integer evalImages) {

    public TrainConfig {
        if ((epochs == null) == (steps == null)) {
            throw new IllegalArgumentException("give exactly one of train.epochs and train.steps");
        }
        if (evalImages != null && evalImages < 1) {
            throw new IllegalArgumentException("train.evalImages must be at least 1, got " + evalImages);
        }
    }

    /** Every evaluation on the whole test split (the behaviour before {@code evalImages} existed). */
    public TrainConfig(Integer epochs, Integer steps, int batchSize, double lr, int warmupSteps, double gradClip,
                       int evalEvery, int evalBatchSize, long seed) {
        this(epochs, steps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, seed, null);
    }

    public TrainConfig withSeed(long newSeed) {
        return new TrainConfig(epochs, steps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, newSeed,
                evalImages);
    }

    public TrainConfig withSteps(int newSteps) {
        return new TrainConfig(null, newSteps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, seed,
                evalImages);
    }
}
