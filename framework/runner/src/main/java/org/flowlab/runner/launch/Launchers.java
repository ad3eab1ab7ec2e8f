package org.flowlab.runner.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.flowlab.api.options.Suggestions;

/**
 * The installed launchers, keyed by name, as {@link ServiceLoader} found them. The only place that turns a
 * launcher name into a launcher; an unknown name lists the known ones.
 */
public final class Launchers {

    private final Map<String, LauncherPlugin> byName = new TreeMap<>();

    public Launchers(List<LauncherPlugin> plugins) {
        plugins.forEach(p -> byName.putIfAbsent(p.name(), p));
    }

    public static Launchers discover() {
        List<LauncherPlugin> found = new ArrayList<>();
        ServiceLoader.load(LauncherPlugin.class, Launchers.class.getClassLoader()).forEach(found::add);
        return new Launchers(found);
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<LauncherPlugin> all() {
        return List.copyOf(byName.values());
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** @throws IllegalArgumentException naming the installed launchers */
    public LauncherPlugin get(String name) {
        LauncherPlugin plugin = byName.get(name);
        if (plugin == null) {
            throw new IllegalArgumentException(unknown(name));
        }
        return plugin;
    }

    public String unknown(String name) {
        String hint = Suggestions.closest(name, byName.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("");
        String more = name.equals("spark") ? "; the spark launcher is the plugins/launcher-spark module: run it with"
                + " its jar (./flowlab picks it when the command line says --launcher spark)" : "";
        return "unknown launcher '" + name + "'" + hint + "; available: " + String.join(", ", names()) + more;
    }
}
