package org.flowlab.api.config;

/**
 * The multi-scale flow: {@code levels} levels of squeeze → {@code depth} steps of flow → split
 * (no split after the last level); each step is normalisation → permutation → coupling.
 */
public record ModelConfig(int levels, int depth, int hidden,
                          ComponentChoice normalization, ComponentChoice permutation,
                          ComponentChoice coupling, ComponentChoice prior) {

    public static ModelConfig glow(int levels, int depth, int hidden) {
        return new ModelConfig(levels, depth, hidden, ComponentChoice.of("actnorm"), ComponentChoice.of("conv1x1-lu"),
                ComponentChoice.of("affine"), ComponentChoice.of("split-conditional"));
    }

    public ModelConfig with(String familyKey, ComponentChoice choice) {
        return switch (familyKey) {
            case "normalization" -> new ModelConfig(levels, depth, hidden, choice, permutation, coupling, prior);
            case "permutation" -> new ModelConfig(levels, depth, hidden, normalization, choice, coupling, prior);
            case "coupling" -> new ModelConfig(levels, depth, hidden, normalization, permutation, choice, prior);
            case "prior" -> new ModelConfig(levels, depth, hidden, normalization, permutation, coupling, choice);
            default -> throw new IllegalArgumentException("unknown family '" + familyKey
                    + "'; valid families: normalization, permutation, coupling, prior");
        };
    }

    public ComponentChoice choice(String familyKey) {
        return switch (familyKey) {
            case "normalization" -> normalization;
            case "permutation" -> permutation;
            case "coupling" -> coupling;
            case "prior" -> prior;
            default -> throw new IllegalArgumentException("unknown family '" + familyKey
                    + "'; valid families: normalization, permutation, coupling, prior");
        };
    }
}
