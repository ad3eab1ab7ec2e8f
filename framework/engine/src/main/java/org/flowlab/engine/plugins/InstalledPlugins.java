package org.flowlab.engine.plugins;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.flowlab.api.plugin.FlowLabPlugin;

/** The plugins {@link ServiceLoader} found on the classpath, in a stable order, with their versions. */
public final class InstalledPlugins {

    private final List<FlowLabPlugin> plugins;

    public InstalledPlugins(List<FlowLabPlugin> plugins) {
        this.plugins = plugins.stream().sorted(Comparator.comparing(FlowLabPlugin::name)).toList();
    }

    public static InstalledPlugins discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public static InstalledPlugins discover(ClassLoader loader) {
        return new InstalledPlugins(ServiceLoader.load(FlowLabPlugin.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    public List<FlowLabPlugin> all() {
        return plugins;
    }

    /** Plugin name → version, recorded in every run's provenance. */
    public Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        plugins.forEach(p -> versions.put(p.name(), p.version()));
        return versions;
    }
}
