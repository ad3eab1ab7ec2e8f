package org.flowlab.plugins.dequantization;

import com.google.inject.Module;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.PluginModule;

/** Contributes the dequantization family: uniform, variational. */
public final class DequantizationPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "dequantization";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new Uniform());
                add(new Variational());
            }
        };
    }
}
