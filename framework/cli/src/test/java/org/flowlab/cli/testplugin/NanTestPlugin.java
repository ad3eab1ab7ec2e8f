package org.flowlab.cli.testplugin;

import com.google.inject.Module;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.Permutation;
import org.flowlab.api.plugin.PluginModule;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A test-only plugin, found through {@code META-INF/services} of the test classpath like any real one: the
 * permutation {@code nan-test} leaves the data alone but reports a NaN log-determinant, so the loss is NaN
 * from the first step. It proves that a trial failing inside the real trainer fails alone.
 */
public final class NanTestPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "nan-test";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new NanPermutation());
            }
        };
    }

    static final class NanPermutation implements Permutation {
        @Override
        public String name() {
            return "nan-test";
        }

        @Override
        public String description() {
            return "test only: identity with a NaN log-determinant";
        }

        @Override
        public FlowLayer create(LayerContext context) {
            return new FlowLayer() {
                @Override
                public Flowed forward(SDVariable x) {
                    return new Flowed(x, x.sum(1, 2, 3).mul(Double.NaN));
                }

                @Override
                public Flowed inverse(SDVariable y) {
                    return new Flowed(y, y.sum(1, 2, 3).mul(0.0));
                }
            };
        }
    }
}
