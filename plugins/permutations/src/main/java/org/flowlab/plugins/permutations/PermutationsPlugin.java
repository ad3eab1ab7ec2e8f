package org.flowlab.plugins.permutations;

import com.google.inject.Module;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.PluginModule;

/** Contributes the permutation family: reverse, shuffle, conv1x1, conv1x1-lu. */
public final class PermutationsPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "permutations";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new Reverse());
                add(new Shuffle());
                add(new Conv1x1());
                add(new Conv1x1Lu());
            }
        };
    }
}
