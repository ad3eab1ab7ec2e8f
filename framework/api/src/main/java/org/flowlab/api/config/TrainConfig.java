package org.flowlab.api.config;

/**
 * Optimisation: Adam with a linear learning-rate warm-up and optional clipping of the global gradient
 * norm ({@code gradClip} ≤ 0 turns it off). Training runs {@code steps} optimiser steps when given,
 * else {@code epochs} passes over the training split. Test bits/dim is evaluated every
 * {@code evalEvery} steps and at the end. {@code classWeight} > 0 adds Glow's classification loss on the top
 * latent of a class-conditional model, weighted (bits per image added to bits/dim, as Glow's weight_y).
 */
public record TrainConfig(Integer epochs, Integer steps, int batchSize, double lr, int warmupSteps,
                          double gradClip, int evalEvery, int evalBatchSize, long seed, double classWeight) {

    /** Without a classification loss. */
    public TrainConfig(Integer epochs, Integer steps, int batchSize, double lr, int warmupSteps,
                       double gradClip, int evalEvery, int evalBatchSize, long seed) {
        this(epochs, steps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, seed, 0.0);
    }

    public TrainConfig {
        if ((epochs == null) == (steps == null)) {
            throw new IllegalArgumentException("give exactly one of train.epochs and train.steps");
        }
    }

    public TrainConfig withSeed(long newSeed) {
        return new TrainConfig(epochs, steps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, newSeed,
                classWeight);
    }

    public TrainConfig withSteps(int newSteps) {
        return new TrainConfig(null, newSteps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, seed,
                classWeight);
    }
}
