package org.flowlab.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.PluginModule;
import org.flowlab.engine.plugins.InstalledPlugins;
import org.flowlab.engine.train.SameDiffTrialTrainer;
import org.flowlab.engine.train.TrialTrainer;

/**
 * The framework's Guice module: declares one (possibly empty) MapBinder per component family and installs
 * the module of every discovered plugin, which fill them.
 */
public final class FlowLabModule extends AbstractModule {

    private final InstalledPlugins plugins;

    public FlowLabModule(InstalledPlugins plugins) {
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        PluginModule.dequantizations(binder());
        PluginModule.preprocessings(binder());
        PluginModule.normalizations(binder());
        PluginModule.permutations(binder());
        PluginModule.couplings(binder());
        PluginModule.priors(binder());
        bind(TrialTrainer.class).to(SameDiffTrialTrainer.class);
        for (FlowLabPlugin plugin : plugins.all()) {
            install(plugin.module());
        }
    }

    @Provides
    @Singleton
    InstalledPlugins installedPlugins() {
        return plugins;
    }
}
