package org.flowlab.cli;

import com.google.inject.Injector;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.plugins.InstalledPlugins;

/** The Guice injector with every plugin on the classpath, built once per process and only when needed. */
public final class Wiring {

    private static Injector injector;

    private Wiring() {
    }

    public static synchronized Injector injector() {
        if (injector == null) {
            injector = FlowLab.injector();
        }
        return injector;
    }

    public static ComponentRegistry registry() {
        return injector().getInstance(ComponentRegistry.class);
    }

    public static InstalledPlugins plugins() {
        return injector().getInstance(InstalledPlugins.class);
    }
}
