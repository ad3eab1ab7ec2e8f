package org.flowlab.cli.testplugin;

import com.google.inject.Module;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.Permutation;
import org.flowlab.api.plugin.PluginModule;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A test-only permutation, {@code slow-test}: the identity, but every execution of the graph waits
 * {@value #PAUSE_MILLIS} ms (in the JVM-side "derived" value the engine computes before each pass). It gives
 * tests that must catch a trial half-way a pace that does not depend on how fast the machine or engine is.
 */
public final class SlowTestPlugin implements FlowLabPlugin {

    static final long PAUSE_MILLIS = 150;

    @Override
    public String name() {
        return "slow-test";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new SlowPermutation());
            }
        };
    }

    static final class SlowPermutation implements Permutation {
        @Override
        public String name() {
            return "slow-test";
        }

        @Override
        public String description() {
            return "test only: identity that pauses " + PAUSE_MILLIS + " ms per graph execution";
        }

        @Override
        public FlowLayer create(LayerContext context) {
            SDVariable zero = context.derived("pause", new long[] {1}, () -> {
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Nd4j.zeros(context.dataType(), 1);
            });
            return new FlowLayer() {
                @Override
                public Flowed forward(SDVariable x) {
                    return new Flowed(x, x.sum(1, 2, 3).mul(0.0).add(zero));
                }

                @Override
                public Flowed inverse(SDVariable y) {
                    return new Flowed(y, y.sum(1, 2, 3).mul(0.0).sub(zero));
                }
            };
        }
    }
}
