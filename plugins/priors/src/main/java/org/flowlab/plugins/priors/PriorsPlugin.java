package org.flowlab.plugins.priors;

import com.google.inject.Module;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.PluginModule;

/** Contributes the prior family: standard-normal, learned, split-conditional. */
public final class PriorsPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "priors";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new StandardNormal());
                add(new LearnedTop());
                add(new SplitConditional());
            }
        };
    }
}
