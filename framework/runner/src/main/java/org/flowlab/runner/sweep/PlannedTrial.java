package org.flowlab.runner.sweep;

import java.util.Map;
import org.flowlab.api.config.TrialConfig;

/**
 * One trial of a planned sweep.
 *
 * @param trialId     the config hash (see {@link ConfigJson#trialId})
 * @param runName     readable, from the swept values and the seed: {@code conv1x1-lu/affine/s1}
 * @param combination the run name without the seed: the row of the summary table it belongs to
 * @param swept       swept key → value as shown in the run name, in sweep order
 */
public record PlannedTrial(int index, String trialId, String runName, String combination, Map<String, String> swept,
                           long seed, TrialConfig config) {
}
