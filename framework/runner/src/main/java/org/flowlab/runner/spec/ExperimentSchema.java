package org.flowlab.runner.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.api.plugin.Family;
import org.flowlab.data.Datasets;

/**
 * Every setting an experiment file may give, with its default: the single place that defines the file
 * format (the {@code experiments/README.md} reference mirrors it). Plugin options are not listed here:
 * each plugin declares its own, and they are validated against the plugin chosen.
 */
public final class ExperimentSchema {

    public static final List<String> TOP_LEVEL_KEYS = List.of("name", "description", "dataset", "model", "train", "sweep",
            "launcher"); // launcher: where trials run, read by org.flowlab.runner.launch.LaunchSettingsReader
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    /** Defaults for the component families: Glow's choices. */
    public static final Map<Family, String> DEFAULT_PLUGINS = Map.of(
            Family.DEQUANTIZATION, "uniform",
            Family.PREPROCESSING, "none",
            Family.NORMALIZATION, "actnorm",
            Family.PERMUTATION, "conv1x1-lu",
            Family.COUPLING, "affine",
            Family.PRIOR, "split-conditional");

    private static final Integer UNBOUNDED = null;

    private static final List<Field> FIELDS = List.of(
            Field.choice("dataset.name", "mnist", Datasets.names(), "dataset",
                    "which image set: " + String.join(", ", Datasets.names())),
            Field.integer("dataset.nBits", 8, 1, 8, false, "bits per pixel kept (Glow uses 5 for CelebA-HQ)"),
            Field.integer("dataset.trainSize", null, 1, UNBOUNDED, true, "first N training images (null: all)"),
            Field.integer("dataset.testSize", null, 1, UNBOUNDED, true, "first N test images (null: all)"),
            Field.string("dataset.dataDir", true, "data folder (null: $FLOWLAB_DATA_DIR, else ~/.flowlab/data)"),
            Field.integer("model.levels", 2, 1, 8, false, "L: levels of squeeze → K steps → split"),
            Field.integer("model.depth", 8, 1, 256, false, "K: steps of flow per level"),
            Field.integer("model.hidden", 128, 1, 8192, false, "width of the coupling networks (and split priors)"),
            Field.choice("model.conditioning", "none", List.of("none", "class"), "conditioning",
                    "class: the top prior's mean and log-scale are learned from the one-hot label (Glow's ycond)"),
            Field.integer("train.epochs", 1, 1, UNBOUNDED, false, "passes over the training split (unless steps is given)"),
            Field.integer("train.steps", null, 1, UNBOUNDED, false, "optimiser steps; replaces epochs"),
            Field.integer("train.batchSize", 64, 1, 65536, false, "images per optimiser step"),
            Field.real("train.lr", 1e-3, 0, true, 1.0, "Adam learning rate after warm-up"),
            Field.integer("train.warmupSteps", 200, 0, UNBOUNDED, false, "linear learning-rate warm-up from 0"),
            Field.real("train.gradClip", 0, 0, false, null, "clip the global gradient norm to this (0: off)"),
            Field.integer("train.evalEvery", 500, 1, UNBOUNDED, false, "steps between test bits/dim evaluations"),
            Field.integer("train.evalImages", null, 1, UNBOUNDED, true,
                    "evaluations every evalEvery steps use the first N test images (null: all); the last always all"),
            Field.integer("train.evalBatchSize", 256, 1, 65536, false, "images per evaluation batch"),
            Field.real("train.classWeight", 0, 0, false, null,
                    "weight of Glow's classification loss on the top latent (needs model.conditioning: class)"),
            Field.seed("train.seed", 1, "seed of weights, data order, dequantisation noise (sweep.seeds repeats it)"));

    private static final Map<String, Field> BY_PATH = new LinkedHashMap<>();

    static {
        FIELDS.forEach(f -> BY_PATH.put(f.path(), f));
    }

    private ExperimentSchema() {
    }

    public static List<Field> fields() {
        return FIELDS;
    }

    public static Optional<Field> field(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    /** Keys a section accepts: its fields, and for {@code model} the component families. */
    public static List<String> sectionKeys(String section) {
        List<String> keys = new ArrayList<>();
        FIELDS.stream().filter(f -> f.path().startsWith(section + ".")).forEach(f -> keys.add(f.key()));
        if (section.equals("model")) {
            keys.addAll(Family.keys());
        }
        return keys;
    }

    /** {@code model.coupling} → the coupling family; empty for any other path. */
    public static Optional<Family> familyOf(String path) {
        for (Family family : Family.values()) {
            if (path.equals("model." + family.key())) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    /** {@code model.coupling.scale} → the coupling family; empty for any other path. */
    public static Optional<Family> familyOfOption(String path) {
        for (Family family : Family.values()) {
            String prefix = "model." + family.key() + ".";
            if (path.startsWith(prefix) && path.length() > prefix.length() && !path.substring(prefix.length()).contains(".")) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }
}
