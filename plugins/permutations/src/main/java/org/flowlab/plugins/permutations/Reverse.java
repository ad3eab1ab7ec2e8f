package org.flowlab.plugins.permutations;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.Permutation;

/** NICE/RealNVP: reverse the channel order, so the next coupling transforms the other half. */
public final class Reverse implements Permutation {

    @Override
    public String name() {
        return "reverse";
    }

    @Override
    public String description() {
        return "reverse the channel order (NICE, RealNVP)";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        int channels = ctx.inputShape().channels();
        int[] order = new int[channels];
        for (int i = 0; i < channels; i++) {
            order[i] = channels - 1 - i;
        }
        return new ChannelPermutationLayer(ctx, order);
    }
}
