package org.flowlab.runner.summary;

import java.util.List;

/**
 * The values of one swept key compared on one measure: each value over the seeds, and each against the best.
 *
 * @param best         the value with the lowest mean; null when no value has a finished trial
 * @param differences  every other value against the best, in sweep order
 */
public record KeyComparison(String key, List<VariantStats> variants, String best, List<Difference> differences) {

    public KeyComparison {
        variants = List.copyOf(variants);
        differences = List.copyOf(differences);
    }

    /** Every difference's sentence, or why there is none. */
    public List<String> verdicts() {
        if (best == null) {
            return List.of("no value of " + key + " has a finished trial");
        }
        if (differences.isEmpty()) {
            return List.of("only " + best + " ran; nothing to compare it with");
        }
        return differences.stream().map(Difference::verdict).toList();
    }
}
