package org.flowlab.runner.store;

import java.time.Instant;
import java.util.Map;

/**
 * One invocation of {@code flowlab run} on an experiment file (MLflow: the parent run).
 *
 * @param sweepId        unique per invocation
 * @param experimentName the experiment file's {@code name} (MLflow: the experiment)
 * @param tags           provenance: git commit, framework version, host, Java/OS, experiment file path and hash
 */
public record SweepInfo(String sweepId, String experimentName, String description, Instant startedAt,
                        Map<String, String> tags) {
}
