package org.flowlab.engine;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.util.ArrayList;
import java.util.List;
import org.flowlab.engine.plugins.InstalledPlugins;

/** Entry point for wiring: the framework plus every plugin on the classpath, as one Guice injector. */
public final class FlowLab {

    private FlowLab() {
    }

    public static Injector injector(Module... extraModules) {
        return injector(InstalledPlugins.discover(), extraModules);
    }

    public static Injector injector(InstalledPlugins plugins, Module... extraModules) {
        List<Module> modules = new ArrayList<>();
        modules.add(new FlowLabModule(plugins));
        modules.addAll(List.of(extraModules));
        return Guice.createInjector(modules);
    }
}
