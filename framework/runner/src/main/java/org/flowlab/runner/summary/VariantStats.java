package org.flowlab.runner.summary;

/**
 * One value of a swept key over the seeds: per seed, the mean over the other keys' combinations, then the mean
 * and sample standard deviation (n − 1) of those per-seed values.
 *
 * @param std NaN with fewer than two seeds
 */
public record VariantStats(String variant, int seeds, double mean, double std) {
}
