package org.flowlab.api.plugin;

/**
 * A fixed bijection applied to the dequantised image x̃ ∈ [−0.5, 0.5)^D before the first squeeze (RealNVP's
 * logit, or none as in Glow). Its log|det J| is part of log p(x̃), so bits/dim stay comparable across choices:
 * every choice bounds the same discrete likelihood.
 */
public interface Preprocessing extends LayerComponent {
}
