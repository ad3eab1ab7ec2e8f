package org.flowlab.runner.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@code --set key.path=value} to the parsed file before validation, so an override is typed and
 * checked exactly like the line it replaces. Values are YAML ({@code --set sweep.seeds=[1,2]},
 * {@code --set model.coupling={name: affine, scale: exp}}). Setting a key the file sweeps pins it: the
 * sweep over that key is dropped (and said so). {@code sweep.<key>} addresses the sweep section, whose
 * keys themselves contain dots.
 */
final class Overrides {

    private Overrides() {
    }

    static void apply(YamlNode.Mapping root, List<String> overrides, Problems problems, List<String> notices) {
        for (String override : overrides) {
            apply(root, override, problems, notices);
        }
    }

    private static void apply(YamlNode.Mapping root, String override, Problems problems, List<String> notices) {
        // Every message about the override starts with it: a runaway one (a pasted file) is shortened there.
        Location location = Location.of("--set " + (override.length() > 120 ? override.substring(0, 117) + "..." : override));
        int eq = override.indexOf('=');
        String path = eq < 0 ? "" : override.substring(0, eq).trim();
        if (eq < 0 || path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            problems.add(location, "", "expected key.path=value, e.g. --set train.lr=5e-4");
            return;
        }
        Optional<YamlNode> value = YamlLoader.loadValue(override.substring(eq + 1), location.source(), problems);
        if (value.isEmpty()) {
            return;
        }
        if (path.startsWith("sweep.")) {
            sweepSection(root, location, problems).ifPresent(sweep ->
                    sweep.put(path.substring("sweep.".length()), location, value.get()));
            return;
        }
        pinSweptKey(root, path, override, notices);
        List<String> segments = List.of(path.split("\\."));
        YamlNode.Mapping parent = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i);
            String prefix = String.join(".", segments.subList(0, i + 1));
            YamlNode child = parent.get(segment);
            if (child == null || child instanceof YamlNode.Scalar s && s.value() == null) {
                YamlNode.Mapping created = YamlNode.Mapping.empty(location);
                parent.put(segment, location, created);
                parent = created;
            } else if (child instanceof YamlNode.Mapping mapping) {
                parent = mapping;
            } else if (child instanceof YamlNode.Scalar scalar && ExperimentSchema.familyOf(prefix).isPresent()) {
                // coupling: affine  +  --set model.coupling.scale=exp  →  coupling: {name: affine, scale: exp}
                YamlNode.Mapping expanded = YamlNode.Mapping.empty(scalar.location());
                expanded.put("name", scalar.location(), scalar);
                parent.put(segment, parent.entries().get(segment).keyLocation(), expanded);
                parent = expanded;
            } else {
                problems.add(location, path, "cannot set it: '" + prefix + "' is " + child.describe() + ", not a map");
                return;
            }
        }
        String last = segments.get(segments.size() - 1);
        if (keepsPluginOptions(path, parent.get(last), value.get())) {
            return;
        }
        parent.put(last, location, value.get());
        // A run is sized by steps or by epochs: overriding one replaces the other, as a sweep does.
        if (path.equals("train.steps")) {
            parent.remove("epochs");
        } else if (path.equals("train.epochs")) {
            parent.remove("steps");
        }
    }

    // --set model.coupling=affine on a file that says coupling: {name: affine, scale: exp} changes nothing.
    private static boolean keepsPluginOptions(String path, YamlNode existing, YamlNode value) {
        return ExperimentSchema.familyOf(path).isPresent()
                && existing instanceof YamlNode.Mapping mapping
                && mapping.get("name") instanceof YamlNode.Scalar name
                && value instanceof YamlNode.Scalar given
                && given.value() != null && given.value().equals(name.value());
    }

    private static Optional<YamlNode.Mapping> sweepSection(YamlNode.Mapping root, Location location, Problems problems) {
        YamlNode sweep = root.get("sweep");
        if (sweep == null || sweep instanceof YamlNode.Scalar s && s.value() == null) {
            YamlNode.Mapping created = YamlNode.Mapping.empty(location);
            root.put("sweep", location, created);
            return Optional.of(created);
        }
        if (sweep instanceof YamlNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        problems.add(location, "sweep", "cannot set it: 'sweep' is " + sweep.describe() + ", not a map");
        return Optional.empty();
    }

    private static void pinSweptKey(YamlNode.Mapping root, String path, String override, List<String> notices) {
        if (!(root.get("sweep") instanceof YamlNode.Mapping sweep)) {
            return;
        }
        List<String> pinned = new ArrayList<>();
        if (sweep.get(path) != null) {
            pinned.add(path);
        }
        if (path.equals("train.seed") && sweep.get("seeds") != null) {
            pinned.add("seeds");
        }
        for (String key : pinned) {
            sweep.remove(key);
            notices.add("--set " + override + " replaces the sweep over " + (key.equals("seeds") ? "seeds" : key));
        }
    }
}
