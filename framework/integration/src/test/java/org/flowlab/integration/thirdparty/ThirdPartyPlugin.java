package org.flowlab.integration.thirdparty;

import com.google.inject.Module;
import java.util.List;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.FlowLabPlugin;
import org.flowlab.api.plugin.Permutation;
import org.flowlab.api.plugin.PluginModule;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plugin that exists only in this test module: registered through its own
 * META-INF/services file, it must show up in the registry with no change to the framework.
 */
public final class ThirdPartyPlugin implements FlowLabPlugin {

    @Override
    public String name() {
        return "third-party-example";
    }

    @Override
    public String version() {
        return "9.9.9";
    }

    @Override
    public Module module() {
        return new PluginModule() {
            @Override
            protected void configure() {
                add(new RollChannels());
            }
        };
    }

    /** Cyclic channel shift by {@code shift}: a permutation the framework has never heard of. */
    public static final class RollChannels implements Permutation {

        @Override
        public String name() {
            return "roll";
        }

        @Override
        public String description() {
            return "cyclic channel shift (test-only third-party plugin)";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OptionSpec.integer("shift", 1, 0, 1024, "how many channels to roll by"));
        }

        @Override
        public FlowLayer create(LayerContext ctx) {
            int channels = ctx.inputShape().channels();
            int shift = ctx.options().getInt("shift") % channels;
            int[] forward = new int[channels];
            int[] backward = new int[channels];
            for (int i = 0; i < channels; i++) {
                forward[i] = (i + shift) % channels;
                backward[forward[i]] = i;
            }
            SDVariable zero = ctx.graph().constant(ctx.scoped("zero"), Nd4j.scalar(ctx.dataType(), 0.0));
            return new FlowLayer() {
                @Override
                public Flowed forward(SDVariable x) {
                    return new Flowed(x.getSameDiff().gather(x, forward, 1), zero);
                }

                @Override
                public Flowed inverse(SDVariable y) {
                    return new Flowed(y.getSameDiff().gather(y, backward, 1), zero);
                }
            };
        }
    }
}
