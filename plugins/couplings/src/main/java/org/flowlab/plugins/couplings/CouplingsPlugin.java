package org.flowlab.plugins.couplings;

import com.google.inject.Module;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.PluginModule;

/** Contributes the coupling family: additive, affine, spline. */
public final class CouplingsPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "couplings";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new Additive());
                add(new Affine());
                add(new Spline());
            }
        };
    }
}
