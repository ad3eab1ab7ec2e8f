package org.flowlab.api.config;

/**
 * The multi-scale flow: the image is dequantised by {@code dequantization}, goes through {@code preprocessing},
 * then {@code levels} levels of squeeze → {@code depth} steps of flow → split (no split after the last level);
 * each step is normalisation → permutation → coupling. {@code conditioning} {@value #CLASS_CONDITIONING} makes the top
 * prior's mean and log-scale a learned function of the one-hot label (Glow's ycond); {@value #NO_CONDITIONING} models
 * p(x).
 */
public record ModelConfig(int levels, int depth, int hidden,
                          ComponentChoice normalization, ComponentChoice permutation,
                          ComponentChoice coupling, ComponentChoice prior, ComponentChoice preprocessing,
                          ComponentChoice dequantization, String conditioning) {

    public static final String NO_CONDITIONING = "none";
    public static final String CLASS_CONDITIONING = "class";

    /** Glow feeds x̃ to the flow unchanged; also what a checkpoint written before the family existed used. */
    public static final ComponentChoice NO_PREPROCESSING = ComponentChoice.of("none");

    /** Glow's u ~ U(0, 1/n_bins); also what a checkpoint written before the family existed used. */
    public static final ComponentChoice UNIFORM_DEQUANTIZATION = ComponentChoice.of("uniform");

    public ModelConfig {
        preprocessing = preprocessing == null ? NO_PREPROCESSING : preprocessing;
        dequantization = dequantization == null ? UNIFORM_DEQUANTIZATION : dequantization;
        conditioning = conditioning == null ? NO_CONDITIONING : conditioning;
        if (!conditioning.equals(NO_CONDITIONING) && !conditioning.equals(CLASS_CONDITIONING)) {
            throw new IllegalArgumentException("model.conditioning must be " + NO_CONDITIONING + " or "
                    + CLASS_CONDITIONING + ", got '" + conditioning + "'");
        }
    }

    /** An unconditional model, p(x). */
    public ModelConfig(int levels, int depth, int hidden, ComponentChoice normalization, ComponentChoice permutation,
                       ComponentChoice coupling, ComponentChoice prior, ComponentChoice preprocessing,
                       ComponentChoice dequantization) {
        this(levels, depth, hidden, normalization, permutation, coupling, prior, preprocessing, dequantization,
                NO_CONDITIONING);
    }

    public boolean classConditional() {
        return conditioning.equals(CLASS_CONDITIONING);
    }

    public ModelConfig withConditioning(String newConditioning) {
        return new ModelConfig(levels, depth, hidden, normalization, permutation, coupling, prior, preprocessing,
                dequantization, newConditioning);
    }

    /** A model with uniform dequantisation, as Glow. */
    public ModelConfig(int levels, int depth, int hidden, ComponentChoice normalization, ComponentChoice permutation,
                       ComponentChoice coupling, ComponentChoice prior, ComponentChoice preprocessing) {
        this(levels, depth, hidden, normalization, permutation, coupling, prior, preprocessing, UNIFORM_DEQUANTIZATION);
    }

    /** A model without preprocessing and with uniform dequantisation, as Glow. */
    public ModelConfig(int levels, int depth, int hidden, ComponentChoice normalization, ComponentChoice permutation,
                       ComponentChoice coupling, ComponentChoice prior) {
        this(levels, depth, hidden, normalization, permutation, coupling, prior, NO_PREPROCESSING);
    }

    public static ModelConfig glow(int levels, int depth, int hidden) {
        return new ModelConfig(levels, depth, hidden, ComponentChoice.of("actnorm"), ComponentChoice.of("conv1x1-lu"),
                ComponentChoice.of("affine"), ComponentChoice.of("split-conditional"));
    }

    public ModelConfig with(String familyKey, ComponentChoice choice) {
        return switch (familyKey) {
            case "dequantization" -> new ModelConfig(levels, depth, hidden, normalization, permutation, coupling, prior,
                    preprocessing, choice, conditioning);
            case "preprocessing" -> new ModelConfig(levels, depth, hidden, normalization, permutation, coupling, prior,
                    choice, dequantization, conditioning);
            case "normalization" -> new ModelConfig(levels, depth, hidden, choice, permutation, coupling, prior,
                    preprocessing, dequantization, conditioning);
            case "permutation" -> new ModelConfig(levels, depth, hidden, normalization, choice, coupling, prior,
                    preprocessing, dequantization, conditioning);
            case "coupling" -> new ModelConfig(levels, depth, hidden, normalization, permutation, choice, prior,
                    preprocessing, dequantization, conditioning);
            case "prior" -> new ModelConfig(levels, depth, hidden, normalization, permutation, coupling, choice,
                    preprocessing, dequantization, conditioning);
            default -> throw unknownFamily(familyKey);
        };
    }

    public ComponentChoice choice(String familyKey) {
        return switch (familyKey) {
            case "dequantization" -> dequantization;
            case "preprocessing" -> preprocessing;
            case "normalization" -> normalization;
            case "permutation" -> permutation;
            case "coupling" -> coupling;
            case "prior" -> prior;
            default -> throw unknownFamily(familyKey);
        };
    }

    private static IllegalArgumentException unknownFamily(String familyKey) {
        return new IllegalArgumentException("unknown family '" + familyKey
                + "'; valid families: dequantization, preprocessing, normalization, permutation, coupling, prior");
    }
}
