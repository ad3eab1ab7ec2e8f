package org.flowlab.plugins.permutations;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed reordering of channels: volume-preserving, so log|det| = 0 in both directions.
 *
 * <p>Applied as a 1×1 convolution with a constant 0/1 matrix rather than a gather: in SameDiff
 * 1.0.0-M2.1 the gather gradient creates a variable with a fixed name ("transposeConcat"), so a graph
 * with two gathers cannot be differentiated at all.
 */
final class ChannelPermutationLayer implements FlowLayer {

    private final SDVariable forwardKernel;
    private final SDVariable inverseKernel;
    private final SDVariable zero;

    /** @param order output channel i is input channel order[i] */
    ChannelPermutationLayer(LayerContext ctx, int[] order) {
        int channels = order.length;
        // Conv weights are [1, 1, in, out]: weight (order[o], o) = 1 copies input order[o] to output o.
        double[][][][] forward = new double[1][1][channels][channels];
        double[][][][] inverse = new double[1][1][channels][channels];
        for (int o = 0; o < channels; o++) {
            forward[0][0][order[o]][o] = 1;
            inverse[0][0][o][order[o]] = 1;
        }
        this.forwardKernel = ctx.graph().constant(ctx.scoped("P"), Nd4j.create(forward).castTo(ctx.dataType()));
        this.inverseKernel = ctx.graph().constant(ctx.scoped("P_inverse"), Nd4j.create(inverse).castTo(ctx.dataType()));
        this.zero = ctx.graph().constant(ctx.scoped("zero"), Nd4j.scalar(ctx.dataType(), 0.0));
    }

    @Override
    public Flowed forward(SDVariable x) {
        return new Flowed(x.getSameDiff().cnn().conv2d(x, forwardKernel, LinearChannelMix.ONE_BY_ONE), zero);
    }

    @Override
    public Flowed inverse(SDVariable y) {
        return new Flowed(y.getSameDiff().cnn().conv2d(y, inverseKernel, LinearChannelMix.ONE_BY_ONE), zero);
    }
}
