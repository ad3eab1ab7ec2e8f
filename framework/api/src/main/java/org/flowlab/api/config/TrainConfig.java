package org.flowlab.api.config;

/**
 * Optimisation: Adam with a linear learning-rate warm-up and optional clipping of the global gradient
 * norm ({@code gradClip} ≤ 0 turns it off). Training runs {@code steps} optimiser steps when given,
 * else {@code epochs} passes over the training split. Test bits/dim is evaluated every
 * {@code evalEvery} steps on the first {@code evalImages} images of the test split (null: all of it), a fixed
 * subset that keeps frequent evaluations cheap, and at the last step always on the whole test split.
 * {@code classWeight} > 0 adds Glow's classification loss on the top latent of a class-conditional model,
 * weighted (bits per image added to bits/dim, as Glow's weight_y).
 */
public record TrainConfig(Integer epochs, Integer steps, int batchSize, double lr, int warmupSteps,
                          double gradClip, int evalEvery, int evalBatchSize, long seed, double classWeight,
                          Integer evalImages) {

    public TrainConfig {
        if ((epochs == null) == (steps == null)) {
            throw new IllegalArgumentException("give exactly one of train.epochs and train.steps");
        }
        if (evalImages != null && evalImages < 1) {
            throw new IllegalArgumentException("train.evalImages must be at least 1, got " + evalImages);
        }
    }

    /** Every evaluation on the whole test split, without a classification loss (the settings' defaults). */
    public TrainConfig(Integer epochs, Integer steps, int batchSize, double lr, int warmupSteps, double gradClip,
                       int evalEvery, int evalBatchSize, long seed) {
        this(epochs, steps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, seed, 0.0, null);
    }

    /** With a classification loss, every evaluation on the whole test split. */
    public TrainConfig(Integer epochs, Integer steps, int batchSize, double lr, int warmupSteps, double gradClip,
                       int evalEvery, int evalBatchSize, long seed, double classWeight) {
        this(epochs, steps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, seed, classWeight, null);
    }

    public TrainConfig withSeed(long newSeed) {
        return new TrainConfig(epochs, steps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, newSeed,
                classWeight, evalImages);
    }

    public TrainConfig withSteps(int newSteps) {
        return new TrainConfig(null, newSteps, batchSize, lr, warmupSteps, gradClip, evalEvery, evalBatchSize, seed,
                classWeight, evalImages);
    }
}
