package org.flowlab.plugins.permutations;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/** A fixed reordering of channels: volume-preserving, so log|det| = 0 in both directions. */
final class ChannelPermutationLayer implements FlowLayer {

    private final int[] order;
    private final int[] inverseOrder;
    private final SDVariable zero;

    ChannelPermutationLayer(LayerContext ctx, int[] order) {
        this.order = order.clone();
        this.inverseOrder = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverseOrder[order[i]] = i;
        }
        this.zero = ctx.graph().constant(ctx.scoped("zero"), Nd4j.scalar(ctx.dataType(), 0.0));
    }

    @Override
    public Flowed forward(SDVariable x) {
        return new Flowed(x.getSameDiff().gather(x, order, 1), zero);
    }

    @Override
    public Flowed inverse(SDVariable y) {
        return new Flowed(y.getSameDiff().gather(y, inverseOrder, 1), zero);
    }
}
