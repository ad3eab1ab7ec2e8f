package org.flowlab.runner.sweep;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.options.Suggestions;
import org.flowlab.api.plugin.Component;
import org.flowlab.api.plugin.Family;
import org.flowlab.data.DatasetProvider;
import org.flowlab.data.Datasets;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.plugins.UnknownComponentException;
import org.flowlab.runner.spec.ConfigDraft;
import org.flowlab.runner.spec.Located;
import org.flowlab.runner.spec.PluginDraft;
import org.flowlab.runner.spec.Problems;

/**
 * Turns one trial's {@link ConfigDraft} into a fully resolved {@link TrialConfig}: plugin options checked
 * against what the chosen plugin declares (each problem at the line that gave the option) and defaults
 * filled in, plus the checks that span several settings.
 */
public final class TrialResolver {

    private final ComponentRegistry registry;

    public TrialResolver(ComponentRegistry registry) {
        this.registry = registry;
    }

    public Optional<TrialConfig> resolve(ConfigDraft draft, Problems problems) {
        Problems found = new Problems();
        Map<Family, ComponentChoice> choices = new EnumMap<>(Family.class);
        for (Family family : Family.values()) {
            resolvePlugin(family, draft.plugin(family), found).ifPresent(c -> choices.put(family, c));
        }
        checkLevels(draft, found);
        checkBatchSize(draft, found);
        checkClassWeight(draft, found);
        problems.addAll(found);
        if (!found.isEmpty()) {
            return Optional.empty();
        }
        DataConfig data = new DataConfig(text(draft, "dataset.name"), integer(draft, "dataset.nBits"),
                (Integer) draft.value("dataset.trainSize"), (Integer) draft.value("dataset.testSize"),
                (String) draft.value("dataset.dataDir"));
        ModelConfig model = new ModelConfig(integer(draft, "model.levels"), integer(draft, "model.depth"),
                integer(draft, "model.hidden"), choices.get(Family.NORMALIZATION), choices.get(Family.PERMUTATION),
                choices.get(Family.COUPLING), choices.get(Family.PRIOR), choices.get(Family.PREPROCESSING),
                choices.get(Family.DEQUANTIZATION), text(draft, "model.conditioning"));
        TrainConfig train = new TrainConfig((Integer) draft.value("train.epochs"), (Integer) draft.value("train.steps"),
                integer(draft, "train.batchSize"), (Double) draft.value("train.lr"), integer(draft, "train.warmupSteps"),
                (Double) draft.value("train.gradClip"), integer(draft, "train.evalEvery"),
                integer(draft, "train.evalBatchSize"), (Long) draft.value("train.seed"),
                (Double) draft.value("train.classWeight"), (Integer) draft.value("train.evalImages"));
        return Optional.of(new TrialConfig(data, model, train));
    }

    private Optional<ComponentChoice> resolvePlugin(Family family, PluginDraft draft, Problems problems) {
        String path = "model." + family.key();
        Component component;
        try {
            component = registry.get(family, draft.name());
        } catch (UnknownComponentException e) {
            problems.add(draft.location(), path, e.getMessage());
            return Optional.empty();
        }
        List<String> declared = component.options().stream().map(OptionSpec::name).toList();
        Map<String, Object> resolved = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Located> given : draft.options().entrySet()) {
            if (!declared.contains(given.getKey())) {
                problems.add(given.getValue().location(), path + "." + given.getKey(),
                        unknownOption(family, component, given.getKey(), declared));
                ok = false;
            }
        }
        for (OptionSpec spec : component.options()) {
            Located given = draft.options().get(spec.name());
            if (given == null || given.value() == null) {
                if (spec.defaultValue() != null) {
                    resolved.put(spec.name(), spec.defaultValue()); // null default: inherits a model-level value
                }
                continue;
            }
            try {
                resolved.put(spec.name(), spec.convert(given.value()));
            } catch (IllegalArgumentException e) {
                problems.add(given.location(), path + "." + spec.name(),
                        family.key() + " '" + component.name() + "': " + e.getMessage());
                ok = false;
            }
        }
        return ok ? Optional.of(new ComponentChoice(component.name(), resolved)) : Optional.empty();
    }

    static String unknownOption(Family family, Component component, String key, List<String> declared) {
        String valid = declared.isEmpty() ? "it takes no options" : "valid options: " + String.join(", ", declared);
        String hint = Suggestions.closest(key, declared).map(s -> " (did you mean '" + s + "'?)").orElse("");
        return family.key() + " '" + component.name() + "' has no option '" + key + "'" + hint + "; " + valid;
    }

    // Each level squeezes 2x2 pixels into channels, so both image sides must halve cleanly L times.
    private void checkLevels(ConfigDraft draft, Problems problems) {
        Optional<Located> levels = draft.field("model.levels");
        String datasetName = text(draft, "dataset.name");
        if (levels.isEmpty() || datasetName == null || !Datasets.names().contains(datasetName)) {
            return;
        }
        DatasetProvider dataset = Datasets.get(datasetName);
        int l = (Integer) levels.get().value();
        int factor = 1 << l;
        if (dataset.height() % factor != 0 || dataset.width() % factor != 0) {
            int fits = 0;
            while (dataset.height() % (1 << (fits + 1)) == 0 && dataset.width() % (1 << (fits + 1)) == 0) {
                fits++;
            }
            problems.add(levels.get().location(), "model.levels", l + " levels need image sides divisible by " + factor
                    + ", but " + datasetName + " images are " + dataset.height() + "x" + dataset.width()
                    + " (at most " + fits + (fits == 1 ? " level fits)" : " levels fit)"));
        }
    }

    private void checkBatchSize(ConfigDraft draft, Problems problems) {
        Optional<Located> batch = draft.field("train.batchSize");
        Object trainSize = draft.value("dataset.trainSize");
        if (batch.isPresent() && trainSize instanceof Integer size && (Integer) batch.get().value() > size) {
            problems.add(batch.get().location(), "train.batchSize", batch.get().value()
                    + " is larger than dataset.trainSize " + size);
        }
    }

    // The classifier reads the label-conditioned top latent; an unconditional model has no labels to predict from.
    private void checkClassWeight(ConfigDraft draft, Problems problems) {
        Optional<Located> weight = draft.field("train.classWeight");
        if (weight.isPresent() && weight.get().value() instanceof Double w && w > 0
                && !"class".equals(draft.value("model.conditioning"))) {
            problems.add(weight.get().location(), "train.classWeight", "a classification loss needs "
                    + "model.conditioning: class (it is '" + draft.value("model.conditioning") + "')");
        }
    }

    private static String text(ConfigDraft draft, String path) {
        return (String) draft.value(path);
    }

    private static int integer(ConfigDraft draft, String path) {
        return (Integer) draft.value(path);
    }
}
