package org.flowlab.api.layer;

import org.nd4j.autodiff.samediff.SDVariable;

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
}
