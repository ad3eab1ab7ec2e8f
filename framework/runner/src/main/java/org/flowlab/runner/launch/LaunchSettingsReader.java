package org.flowlab.runner.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.api.options.Suggestions;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.spec.InvalidExperimentException;
import org.flowlab.runner.spec.Location;
import org.flowlab.runner.spec.Problems;
import org.flowlab.runner.spec.YamlLoader;
import org.flowlab.runner.spec.YamlNode;

/**
 * Reads the experiment file's {@code launcher:} block ({@code launcher: spark} or a map of {@link #KEYS}),
 * puts the command line's choices on top, and validates the result against the installed launchers,
 * collecting every problem (file line or command line, key, valid choices) before anything runs.
 */
public final class LaunchSettingsReader {

    public static final List<String> KEYS = List.of("name", "master", "shipData", "threads", "connectSeconds", "conf");
    static final Location COMMAND_LINE = Location.of("command line");

    private LaunchSettingsReader() {
    }

    /**
     * @param cliName     {@code --launcher}, or null
     * @param cliMaster   {@code --master}, or null
     * @param cliShipData {@code --ship-data} given
     * @throws InvalidExperimentException with every problem, naming the key and the valid choices
     */
    public static LaunchSettings read(Experiment experiment, String cliName, String cliMaster, boolean cliShipData,
                                      Launchers launchers) {
        Problems problems = new Problems();
        Map<String, Location> locations = new LinkedHashMap<>();
        String name = LaunchSettings.DEFAULT;
        String master = null;
        boolean shipData = false;
        Integer threads = null;
        Integer connectSeconds = null;
        Map<String, String> conf = new LinkedHashMap<>();

        Optional<YamlNode.Mapping> root = ExperimentLoader.documentWithOverrides(experiment);
        YamlNode block = root.map(r -> r.get("launcher")).orElse(null);
        if (block instanceof YamlNode.Scalar s && s.value() instanceof String value) {
            name = value;
            locations.put("name", s.location());
        } else if (block instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries().values()) {
                String key = entry.key();
                YamlNode value = entry.value();
                locations.put(key, value.location());
                switch (key) {
                    case "name" -> name = string(value, "launcher.name", problems);
                    case "master" -> master = string(value, "launcher.master", problems);
                    case "shipData" -> shipData = bool(value, problems);
                    case "threads" -> threads = positive(value, "launcher.threads", problems);
                    case "connectSeconds" -> connectSeconds = positive(value, "launcher.connectSeconds", problems);
                    case "conf" -> conf.putAll(conf(value, problems));
                    default -> problems.add(entry.keyLocation(), "launcher." + key, "unknown key"
                            + Suggestions.closest(key, KEYS).map(k -> " (did you mean '" + k + "'?)").orElse("")
                            + "; valid keys in 'launcher': " + String.join(", ", KEYS));
                }
            }
        } else if (block != null && !(block instanceof YamlNode.Scalar s && s.value() == null)) {
            problems.add(block.location(), "launcher", "must be a launcher name or a map of " + String.join(", ", KEYS)
                    + ", got " + block.describe());
        }
        if (cliName != null) {
            name = cliName;
            locations.put("name", Location.of("--launcher"));
        }
        if (cliMaster != null) {
            master = cliMaster;
            locations.put("master", Location.of("--master"));
        }
        if (cliShipData) {
            shipData = true;
            locations.put("shipData", Location.of("--ship-data"));
        }
        LaunchSettings settings = new LaunchSettings(name, master, shipData, threads, connectSeconds, Map.copyOf(conf),
                Map.copyOf(locations));
        if (name != null) {
            if (!launchers.has(name)) {
                problems.add(settings.location("name"), "launcher.name", launchers.unknown(name));
            } else {
                for (LauncherPlugin.SettingProblem p : launchers.get(name).validate(settings)) {
                    String key = p.key().startsWith("launcher.") ? p.key().substring("launcher.".length()) : p.key();
                    problems.add(settings.location(key), p.key(), p.message());
                }
            }
        }
        problems.throwIfAny(experiment.source());
        return settings;
    }

    private static String string(YamlNode node, String path, Problems problems) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String value && !value.isBlank()) {
            return value;
        }
        problems.add(node.location(), path, "must be a string, got " + node.describe());
        return null;
    }

    private static boolean bool(YamlNode node, Problems problems) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean value) {
            return value;
        }
        problems.add(node.location(), "launcher.shipData", "must be true or false, got " + node.describe());
        return false;
    }

    private static Integer positive(YamlNode node, String path, Problems problems) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Long value && value >= 1 && value <= 100_000) {
            return value.intValue();
        }
        problems.add(node.location(), path, "must be a positive integer, got " + node.describe());
        return null;
    }

    private static Map<String, String> conf(YamlNode node, Problems problems) {
        Map<String, String> conf = new LinkedHashMap<>();
        if (node instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries().values()) {
                if (entry.value() instanceof YamlNode.Scalar s && s.value() != null) {
                    conf.put(entry.key(), String.valueOf(s.value()));
                } else {
                    problems.add(entry.value().location(), "launcher.conf." + entry.key(),
                            "must be a single value, got " + entry.value().describe());
                }
            }
        } else {
            problems.add(node.location(), "launcher.conf", "must be a map of engine settings "
                    + "(e.g. spark.executor.memory: 2g), got " + node.describe());
        }
        return conf;
    }
}
