package org.flowlab.runner.summary;

import java.util.Map;

/**
 * One finished trial's number entering a comparison (its final test bits/dim, or the area under its test curve).
 *
 * @param swept swept key → value label, as in {@link org.flowlab.runner.sweep.PlannedTrial#swept()}
 */
public record Observation(String runName, Map<String, String> swept, long seed, double value) {
}
