package org.flowlab.runner.spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.options.Suggestions;
import org.flowlab.api.plugin.Family;
import org.flowlab.engine.plugins.ComponentRegistry;

/**
 * Reads an experiment file, applies {@code --set} overrides, and validates everything that does not depend
 * on a particular trial, collecting every problem (file, YAML path, line) before giving up.
 */
public final class ExperimentLoader {

    private final ComponentRegistry registry;

    public ExperimentLoader(ComponentRegistry registry) {
        this.registry = registry;
    }

    /** @throws InvalidExperimentException listing every problem */
    public Experiment load(Path file, List<String> overrides) {
        String source = file.toString();
        String text = ExperimentText.read(file);
        String fileName = file.getFileName().toString();
        return parse(text, source, fileName.replaceFirst("\\.ya?ml$", ""), overrides);
    }

    /**
     * The experiment's file as a document with its {@code --set} overrides applied, for the readers of top-level
     * blocks that are not the trial's config (the {@code launcher:} block): {@code --set launcher.master=...} then
     * counts exactly as the same line in the file. The overrides' own problems were reported when it was loaded.
     */
    public static Optional<YamlNode.Mapping> documentWithOverrides(Experiment experiment) {
        Optional<YamlNode.Mapping> root = YamlLoader.loadDocument(experiment.text(), experiment.source(), new Problems());
        root.ifPresent(r -> Overrides.apply(r, experiment.overrides(), new Problems(), new ArrayList<>()));
        return root;
    }

    /** @param defaultName the experiment name when the file gives none (the file name without extension) */
    public Experiment parse(String text, String source, String defaultName, List<String> overrides) {
        Problems problems = new Problems();
        List<String> notices = new ArrayList<>();
        Optional<YamlNode.Mapping> parsed = YamlLoader.loadDocument(text, source, problems);
        if (parsed.isEmpty()) {
            problems.throwIfAny(source);
        }
        YamlNode.Mapping root = parsed.orElseThrow();
        Overrides.apply(root, overrides, problems, notices);

        for (YamlNode.Entry entry : root.entries().values()) {
            if (!ExperimentSchema.TOP_LEVEL_KEYS.contains(entry.key())) {
                problems.add(entry.keyLocation(), entry.key(), unknownKey(entry.key(), ExperimentSchema.TOP_LEVEL_KEYS,
                        "valid top-level keys"));
            }
        }
        String name = name(root, defaultName, source, problems);
        String description = text(root, "description", problems);
        ConfigDraft base = ConfigDraft.defaults();
        section(root, "dataset", problems).ifPresent(m -> readFields(m, "dataset", base, problems));
        section(root, "model", problems).ifPresent(m -> readModel(m, base, problems));
        section(root, "train", problems).ifPresent(m -> readTrain(m, base, problems));
        SweepSpec sweep = new SweepReader(this, problems).read(root, base);
        problems.throwIfAny(source);
        return new Experiment(name, description, source, text, sha256(text), List.copyOf(overrides), base, sweep,
                List.copyOf(notices));
    }

    // ---- top level ----------------------------------------------------------------------------------------

    private String name(YamlNode.Mapping root, String defaultName, String source, Problems problems) {
        YamlNode node = root.get("name");
        if (node == null) {
            if (!defaultName.matches(ExperimentSchema.NAME_PATTERN)) {
                problems.add(Location.of(source), "name", "give the experiment a name: the file name '" + defaultName
                        + "' is not usable as one (letters, digits, '.', '_', '-'; at most 100)");
            }
            return defaultName;
        }
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String value
                && value.matches(ExperimentSchema.NAME_PATTERN)) {
            return value;
        }
        problems.add(node.location(), "name", "must be a name of letters, digits, '.', '_' and '-' (at most 100, "
                + "starting with a letter or digit), got " + node.describe());
        return defaultName;
    }

    private String text(YamlNode.Mapping root, String key, Problems problems) {
        YamlNode node = root.get(key);
        if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
            return "";
        }
        if (node instanceof YamlNode.Scalar s) {
            return String.valueOf(s.value());
        }
        problems.add(node.location(), key, "must be a string, got " + node.describe());
        return "";
    }

    private Optional<YamlNode.Mapping> section(YamlNode.Mapping root, String key, Problems problems) {
        YamlNode node = root.get(key);
        if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        problems.add(node.location(), key, "must be a map of settings, got " + node.describe());
        return Optional.empty();
    }

    // ---- sections -----------------------------------------------------------------------------------------

    private void readFields(YamlNode.Mapping section, String sectionName, ConfigDraft base, Problems problems) {
        for (YamlNode.Entry entry : section.entries().values()) {
            String path = sectionName + "." + entry.key();
            Optional<Field> field = ExperimentSchema.field(path);
            if (field.isEmpty()) {
                problems.add(entry.keyLocation(), path, unknownKey(entry.key(), ExperimentSchema.sectionKeys(sectionName),
                        "valid keys in '" + sectionName + "'"));
                continue;
            }
            convert(field.get(), entry.value(), path, problems)
                    .ifPresent(v -> base.setField(path, new Located(v.value(), entry.value().location())));
        }
    }

    private void readModel(YamlNode.Mapping section, ConfigDraft base, Problems problems) {
        YamlNode.Mapping fields = YamlNode.Mapping.empty(section.location());
        for (YamlNode.Entry entry : section.entries().values()) {
            Optional<Family> family = ExperimentSchema.familyOf("model." + entry.key());
            if (family.isPresent()) {
                pluginValue(family.get(), entry.value(), "model." + entry.key(), base.plugin(family.get()).name(), problems)
                        .ifPresent(v -> base.setPlugin(family.get(), (PluginDraft) v.value()));
            } else {
                fields.put(entry.key(), entry.keyLocation(), entry.value());
            }
        }
        readFields(fields, "model", base, problems);
    }

    private void readTrain(YamlNode.Mapping section, ConfigDraft base, Problems problems) {
        readFields(section, "train", base, problems);
        YamlNode epochs = section.get("epochs");
        YamlNode steps = section.get("steps");
        if (steps != null && epochs != null && !isNull(epochs) && !isNull(steps)) {
            problems.add(epochs.location(), "train", "give either epochs or steps, not both");
        }
        if (steps != null && !isNull(steps) && base.field("train.steps").isPresent()) {
            base.assign("train.steps", new SweepValue(base.value("train.steps"), steps.location(), false));
        }
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.value() == null;
    }

    // ---- values, shared with the sweep section ----------------------------------------------------------------

    /** A converted value; {@code value} may be a valid null (e.g. {@code trainSize: null}). */
    record Converted(Object value) {
    }

    Optional<Converted> convert(Field field, YamlNode node, String path, Problems problems) {
        try {
            return Optional.of(new Converted(field.convert(node)));
        } catch (IllegalArgumentException e) {
            problems.add(node.location(), path, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A component choice: a bare plugin name, or a map with {@code name} (default: the current plugin) and the
     * plugin's options.
     */
    Optional<SweepValue> pluginValue(Family family, YamlNode node, String path, String currentName, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof String name) {
            return knownPlugin(family, name, node.location(), path, problems)
                    .map(n -> new SweepValue(PluginDraft.of(n, node.location()), node.location(), false));
        }
        if (node instanceof YamlNode.Mapping mapping) {
            String name = currentName;
            Location nameLocation = mapping.location();
            Map<String, Located> options = new LinkedHashMap<>();
            boolean ok = true;
            for (YamlNode.Entry entry : mapping.entries().values()) {
                if (entry.key().equals("name")) {
                    if (entry.value() instanceof YamlNode.Scalar s && s.value() instanceof String given) {
                        name = given;
                        nameLocation = entry.value().location();
                        ok &= knownPlugin(family, given, nameLocation, path + ".name", problems).isPresent();
                    } else {
                        problems.add(entry.value().location(), path + ".name", "must be " + pluginNames(family)
                                + ", got " + entry.value().describe());
                        ok = false;
                    }
                } else {
                    options.put(entry.key(), new Located(raw(entry.value()), entry.value().location()));
                }
            }
            return ok ? Optional.of(new SweepValue(new PluginDraft(name, nameLocation, options), node.location(), true))
                    : Optional.empty();
        }
        problems.add(node.location(), path, "must be " + pluginNames(family)
                + " or a map with 'name' and the plugin's options, got " + node.describe());
        return Optional.empty();
    }

    private String pluginNames(Family family) {
        return "a " + family.key() + " name (" + String.join(", ", registry.names(family)) + ")";
    }

    private Optional<String> knownPlugin(Family family, String name, Location location, String path, Problems problems) {
        List<String> known = registry.names(family);
        if (known.contains(name)) {
            return Optional.of(name);
        }
        String hint = Suggestions.closest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
        problems.add(location, path, "unknown " + family.key() + " '" + name + "'" + hint + "; available: "
                + (known.isEmpty() ? "none (no plugin of this family is installed)" : String.join(", ", known)));
        return Optional.empty();
    }

    /** Every option name some plugin of the family declares: what {@code model.<family>.<option>} may name. */
    List<String> optionNames(Family family) {
        TreeSet<String> names = new TreeSet<>();
        for (String plugin : registry.names(family)) {
            registry.get(family, plugin).options().stream().map(OptionSpec::name).forEach(names::add);
        }
        return new ArrayList<>(names);
    }

    ComponentRegistry registry() {
        return registry;
    }

    /** The plain Java value of a YAML node, for plugin options (which convert it themselves). */
    static Object raw(YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            return s.value();
        }
        if (node instanceof YamlNode.Sequence seq) {
            return seq.items().stream().map(ExperimentLoader::raw).toList();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        ((YamlNode.Mapping) node).entries().values().forEach(e -> map.put(e.key(), raw(e.value())));
        return map;
    }

    static String unknownKey(String key, List<String> valid, String validLabel) {
        String hint = Suggestions.closest(key, valid).map(s -> " (did you mean '" + s + "'?)").orElse("");
        return "unknown key '" + key + "'" + hint + "; " + validLabel + ": " + String.join(", ", valid);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
