package org.flowlab.plugins.couplings;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.nn.Channels;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The split/transform/concat skeleton every coupling shares: the first half of the channels passes
 * through unchanged and conditions the transformation of the second half.
 */
abstract class CouplingLayer implements FlowLayer {

    protected final int conditioning;
    protected final int transformed;
    private final int channels;

    CouplingLayer(LayerContext ctx) {
        this.channels = ctx.inputShape().channels();
        if (channels < 2) {
            throw new IllegalArgumentException("a coupling needs at least 2 channels, got " + ctx.inputShape());
        }
        this.conditioning = channels / 2;
        this.transformed = channels - conditioning;
    }

    /** The transformed half and the log-det, given the conditioning half. */
    protected abstract Flowed transform(SDVariable conditioningHalf, SDVariable half);

    protected abstract Flowed untransform(SDVariable conditioningHalf, SDVariable half);

    @Override
    public final Flowed forward(SDVariable x) {
        SDVariable a = Channels.slice(x, 0, conditioning);
        Flowed b = transform(a, Channels.slice(x, conditioning, channels));
        return new Flowed(Channels.concat(a, b.value()), b.logDet());
    }

    @Override
    public final Flowed inverse(SDVariable y) {
        SDVariable a = Channels.slice(y, 0, conditioning);
        Flowed b = untransform(a, Channels.slice(y, conditioning, channels));
        return new Flowed(Channels.concat(a, b.value()), b.logDet());
    }

    static int hidden(LayerContext ctx) {
        Integer own = ctx.options().getIntOrNull("hidden");
        return own != null ? own : ctx.modelHidden();
    }
}
