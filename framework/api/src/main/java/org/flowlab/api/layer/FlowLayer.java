package org.flowlab.api.layer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One invertible transformation inside the SameDiff graph. Its parameters are created once, when
 * the plugin builds it from a {@link LayerContext}; {@code forward} and {@code inverse} only add ops
 * that read those parameters, so both directions share the same weights.
 *
 * <p>Conventions as in nflows: {@code forward} maps data towards the latent and returns
 * log|det ∂y/∂x|; {@code inverse} maps back and returns log|det ∂x/∂y| (the negation).
 */
public interface FlowLayer {

    Flowed forward(SDVariable x);

    Flowed inverse(SDVariable y);

    /** The identity, with log-det 0: what the "none" variant of a family contributes. */
    static FlowLayer identity(LayerContext ctx) {
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
