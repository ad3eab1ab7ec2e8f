package org.flowlab.plugins.permutations;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.Permutation;

/** A fixed random channel permutation per layer, drawn from the trial seed (Glow's "shuffle" baseline). */
public final class Shuffle implements Permutation {

    @Override
    public String name() {
        return "shuffle";
    }

    @Override
    public String description() {
        return "fixed random channel permutation drawn from the trial seed";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        int channels = ctx.inputShape().channels();
        int[] order = new int[channels];
        for (int i = 0; i < channels; i++) {
            order[i] = i;
        }
        for (int i = channels - 1; i > 0; i--) {
            int j = ctx.random().nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return new ChannelPermutationLayer(ctx, order);
    }
}
