package org.flowlab.runner.store;

import java.util.Map;

/**
 * One trial: a fully resolved configuration (MLflow: a nested child run).
 *
 * @param trialId  the stable config hash; a trial with the same hash is the same trial across invocations
 * @param sweepId  the invocation that (re)started it
 * @param runName  readable, from the swept values, e.g. {@code conv1x1-lu/affine/s1}
 * @param params   the flattened resolved config ({@code model.permutation} → {@code conv1x1-lu}, ...)
 * @param tags     plugin names and versions, config hash, git commit, framework version, seed
 */
public record TrialInfo(String trialId, String sweepId, String experimentName, String runName, long seed,
                        Map<String, String> params, Map<String, String> tags) {
}
