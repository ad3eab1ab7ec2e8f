package org.flowlab.api.plugin;

import com.google.inject.Module;
import java.util.Optional;

/**
 * The service-provider interface: a plugin jar lists its implementation in
 * {@code META-INF/services/org.flowlab.api.plugin.FlowLabPlugin}; the framework finds it with
 * {@link java.util.ServiceLoader} and installs its Guice module, which adds named components to the
 * framework's MapBinders (see {@link PluginModule}). No framework code names a plugin.
 */
public interface FlowLabPlugin {

    /** Stable plugin name, recorded in every run's provenance. */
    String name();

    Module module();

    /** The jar's Implementation-Version when packaged; the framework's own version when run from classes. */
    default String version() {
        return Optional.ofNullable(getClass().getPackage().getImplementationVersion()).orElse(FrameworkVersion.get());
    }
}
