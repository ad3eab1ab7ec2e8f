package org.flowlab.runner.store;

/**
 * The numbers a finished trial is summarised by.
 *
 * @param seconds wall-clock training time of the attempt that finished
 */
public record TrialOutcome(double finalTestBpd, double finalTrainBpd, long parameterCount, long steps,
                           double seconds) {
}
