package org.flowlab.plugins.preprocessing;

import com.google.inject.Module;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.PluginModule;

/** Contributes the preprocessing family: none, logit. */
public final class PreprocessingPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "preprocessing";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new NoPreprocessing());
                add(new Logit());
            }
        };
    }
}
