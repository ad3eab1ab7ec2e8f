package org.flowlab.plugins.normalization;

import com.google.inject.Module;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.PluginModule;

/** Contributes the normalisation family: actnorm, batchnorm, none. */
public final class NormalizationPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "normalization";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new ActNorm());
                add(new BatchNorm());
                add(new NoNormalization());
            }
        };
    }
}
