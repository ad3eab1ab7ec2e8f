package org.flowlab.plugins.normalization;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.Normalization;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/** The ablation baseline: no normalisation at all. */
public final class NoNormalization implements Normalization {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public String description() {
        return "identity (no normalisation), the ablation baseline";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        SDVariable zero = ctx.graph().constant(ctx.scoped("zero"), Nd4j.scalar(ctx.dataType(), 0.0));
        return new FlowLayer() {
            @Override
            public Flowed forward(SDVariable x) {
                return new Flowed(x, zero);
            }

            @Override
            public Flowed inverse(SDVariable y) {
                return new Flowed(y, zero);
            }
        };
    }
}
