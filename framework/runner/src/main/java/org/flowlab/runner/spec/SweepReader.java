package org.flowlab.runner.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.options.Suggestions;
import org.flowlab.api.plugin.Family;

/**
 * Validates the {@code sweep} section: every swept key must exist (framework setting, {@code model.<family>}
 * or {@code model.<family>.<option>}), every value must have its key's type, lists must not be empty, and
 * exclude entries must name swept keys and values that are actually swept (so a typo cannot silently
 * exclude nothing).
 */
final class SweepReader {

    static final String EMPTY_SWEEP = "the sweep is empty: give key paths with lists of values "
            + "(e.g. model.coupling: [additive, affine]) or seeds, or remove the section";

    private final ExperimentLoader loader;
    private final Problems problems;

    SweepReader(ExperimentLoader loader, Problems problems) {
        this.loader = loader;
        this.problems = problems;
    }

    /** What a sweep key addresses. */
    private sealed interface Target permits FieldTarget, PluginTarget, OptionTarget {
    }

    private record FieldTarget(Field field) implements Target {
    }

    private record PluginTarget(Family family) implements Target {
    }

    private record OptionTarget(Family family, String option) implements Target {
    }

    SweepSpec read(YamlNode.Mapping root, ConfigDraft base) {
        YamlNode node = root.get("sweep");
        if (node == null) {
            return SweepSpec.NONE;
        }
        if (node instanceof YamlNode.Scalar s && s.value() == null
                || node instanceof YamlNode.Mapping m && m.entries().isEmpty()) {
            problems.add(node.location(), "sweep", EMPTY_SWEEP);
            return SweepSpec.NONE;
        }
        if (!(node instanceof YamlNode.Mapping section)) {
            problems.add(node.location(), "sweep", "must be a map of key paths to lists of values, got " + node.describe());
            return SweepSpec.NONE;
        }
        List<SweepSpec.Axis> axes = new ArrayList<>();
        List<Located> seeds = new ArrayList<>();
        for (YamlNode.Entry entry : section.entries().values()) {
            switch (entry.key()) {
                case "seeds" -> seeds = seeds(entry.value());
                case "include", "exclude" -> { }
                default -> axis(entry, base).ifPresent(axes::add);
            }
        }
        List<SweepSpec.Combination> include = combinations(section.get("include"), "include", base, axes);
        List<SweepSpec.Combination> exclude = combinations(section.get("exclude"), "exclude", base, axes);
        return new SweepSpec(axes, seeds, include, exclude);
    }

    // ---- axes ---------------------------------------------------------------------------------------------

    private Optional<SweepSpec.Axis> axis(YamlNode.Entry entry, ConfigDraft base) {
        String path = "sweep." + entry.key();
        Optional<Target> target = target(entry.key(), entry.keyLocation(), path);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        if (!(entry.value() instanceof YamlNode.Sequence list)) {
            problems.add(entry.value().location(), path, "must be a list of values, e.g. [a, b], got "
                    + entry.value().describe());
            return Optional.empty();
        }
        if (list.items().isEmpty()) {
            problems.add(list.location(), path, "empty sweep: the list of values is empty");
            return Optional.empty();
        }
        List<SweepValue> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            Optional<SweepValue> value = value(target.get(), list.items().get(i), path + "[" + i + "]", base);
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            for (SweepValue earlier : values) {
                if (earlier.sameValue(value.get())) {
                    problems.add(value.get().location(), path + "[" + i + "]", "'" + value.get().label()
                            + "' is listed twice");
                    ok = false;
                }
            }
            values.add(value.get());
        }
        return ok ? Optional.of(new SweepSpec.Axis(entry.key(), values, entry.keyLocation())) : Optional.empty();
    }

    private Optional<Target> target(String key, Location location, String path) {
        if (key.equals("train.seed")) {
            problems.add(location, path, "cannot sweep 'train.seed' directly; list the seeds under sweep.seeds");
            return Optional.empty();
        }
        Optional<Field> field = ExperimentSchema.field(key);
        if (field.isPresent()) {
            return Optional.of(new FieldTarget(field.get()));
        }
        Optional<Family> family = ExperimentSchema.familyOf(key);
        if (family.isPresent()) {
            return Optional.of(new PluginTarget(family.get()));
        }
        Optional<Family> optionFamily = ExperimentSchema.familyOfOption(key);
        if (optionFamily.isPresent()) {
            String option = key.substring(key.lastIndexOf('.') + 1);
            List<String> options = loader.optionNames(optionFamily.get());
            if (options.contains(option)) {
                return Optional.of(new OptionTarget(optionFamily.get(), option));
            }
            String hint = Suggestions.closest(option, options).map(s -> " (did you mean '" + s + "'?)").orElse("");
            problems.add(location, path, "cannot sweep '" + key + "': no " + optionFamily.get().key()
                    + " plugin has an option '" + option + "'" + hint
                    + (options.isEmpty() ? "" : "; options: " + String.join(", ", options)));
            return Optional.empty();
        }
        String hint = Suggestions.closest(key, sweepableKeys()).map(s -> " (did you mean '" + s + "'?)").orElse("");
        problems.add(location, path, "cannot sweep '" + key + "': no such key" + hint);
        return Optional.empty();
    }

    private List<String> sweepableKeys() {
        List<String> keys = new ArrayList<>();
        ExperimentSchema.fields().stream().map(Field::path).filter(p -> !p.equals("train.seed")).forEach(keys::add);
        for (Family family : Family.values()) {
            keys.add("model." + family.key());
            for (String plugin : loader.registry().names(family)) {
                loader.registry().get(family, plugin).options().stream().map(OptionSpec::name)
                        .map(o -> "model." + family.key() + "." + o).filter(k -> !keys.contains(k)).forEach(keys::add);
            }
        }
        return keys;
    }

    private Optional<SweepValue> value(Target target, YamlNode node, String path, ConfigDraft base) {
        if (target instanceof FieldTarget f) {
            return loader.convert(f.field(), node, path, problems)
                    .map(c -> new SweepValue(c.value(), node.location(), false));
        }
        if (target instanceof PluginTarget p) {
            return loader.pluginValue(p.family(), node, path, base.plugin(p.family()).name(), problems);
        }
        return Optional.of(new SweepValue(ExperimentLoader.raw(node), node.location(), false));
    }

    // ---- seeds --------------------------------------------------------------------------------------------

    private List<Located> seeds(YamlNode node) {
        String path = "sweep.seeds";
        if (!(node instanceof YamlNode.Sequence list)) {
            problems.add(node.location(), path, "must be a list of integer seeds, e.g. [1, 2, 3], got " + node.describe());
            return List.of();
        }
        if (list.items().isEmpty()) {
            problems.add(list.location(), path, "empty sweep: the list of seeds is empty");
            return List.of();
        }
        Field seed = ExperimentSchema.field("train.seed").orElseThrow();
        List<Located> seeds = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String itemPath = path + "[" + i + "]";
            Optional<ExperimentLoader.Converted> value = loader.convert(seed, item, itemPath, problems);
            if (value.isEmpty()) {
                continue;
            }
            if (seeds.stream().anyMatch(s -> s.value().equals(value.get().value()))) {
                problems.add(item.location(), itemPath, "seed " + value.get().value() + " is listed twice");
                continue;
            }
            seeds.add(new Located(value.get().value(), item.location()));
        }
        return seeds;
    }

    // ---- include / exclude --------------------------------------------------------------------------------

    private List<SweepSpec.Combination> combinations(YamlNode node, String kind, ConfigDraft base,
                                                     List<SweepSpec.Axis> axes) {
        if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
            return List.of();
        }
        String path = "sweep." + kind;
        if (!(node instanceof YamlNode.Sequence list)) {
            problems.add(node.location(), path, "must be a list of maps from key paths to values, e.g. "
                    + "[{model.coupling: affine, model.permutation: reverse}], got " + node.describe());
            return List.of();
        }
        List<SweepSpec.Combination> combinations = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String itemPath = path + "[" + i + "]";
            if (!(item instanceof YamlNode.Mapping entry) || entry.entries().isEmpty()) {
                problems.add(item.location(), itemPath, "must be a map from key paths to single values, e.g. "
                        + "{model.coupling: affine}, got " + (item instanceof YamlNode.Mapping ? "an empty map"
                        : item.describe()));
                continue;
            }
            Optional<SweepSpec.Combination> combination = kind.equals("include")
                    ? includeEntry(entry, itemPath, base) : excludeEntry(entry, itemPath, base, axes);
            combination.ifPresent(combinations::add);
        }
        return combinations;
    }

    private Optional<SweepSpec.Combination> includeEntry(YamlNode.Mapping entry, String path, ConfigDraft base) {
        Map<String, SweepValue> values = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlNode.Entry e : entry.entries().values()) {
            String keyPath = path + "." + e.key();
            Optional<Target> target = target(e.key(), e.keyLocation(), keyPath);
            Optional<SweepValue> value = target.flatMap(t -> value(t, e.value(), keyPath, base));
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            values.put(e.key(), value.get());
        }
        return ok ? Optional.of(new SweepSpec.Combination(values, entry.location())) : Optional.empty();
    }

    private Optional<SweepSpec.Combination> excludeEntry(YamlNode.Mapping entry, String path, ConfigDraft base,
                                                         List<SweepSpec.Axis> axes) {
        Map<String, SweepValue> values = new LinkedHashMap<>();
        boolean ok = true;
        List<String> sweptKeys = axes.stream().map(SweepSpec.Axis::key).toList();
        for (YamlNode.Entry e : entry.entries().values()) {
            String keyPath = path + "." + e.key();
            Optional<SweepSpec.Axis> axis = axes.stream().filter(a -> a.key().equals(e.key())).findFirst();
            if (axis.isEmpty()) {
                String hint = Suggestions.closest(e.key(), sweptKeys).map(s -> " (did you mean '" + s + "'?)").orElse("");
                problems.add(e.keyLocation(), keyPath, "'" + e.key() + "' is not swept" + hint + "; exclude entries name "
                        + "swept keys: " + (sweptKeys.isEmpty() ? "none (the sweep has no keys)" : String.join(", ", sweptKeys)));
                ok = false;
                continue;
            }
            Optional<Target> target = target(e.key(), e.keyLocation(), keyPath);
            Optional<SweepValue> value = target.flatMap(t -> value(t, e.value(), keyPath, base));
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            if (axis.get().values().stream().noneMatch(v -> v.sameValue(value.get()))) {
                problems.add(value.get().location(), keyPath, "'" + value.get().label() + "' is not one of the values "
                        + "swept for '" + e.key() + "': " + String.join(", ",
                        axis.get().values().stream().map(SweepValue::label).toList()));
                ok = false;
                continue;
            }
            values.put(e.key(), value.get());
        }
        return ok ? Optional.of(new SweepSpec.Combination(values, entry.location())) : Optional.empty();
    }
}
