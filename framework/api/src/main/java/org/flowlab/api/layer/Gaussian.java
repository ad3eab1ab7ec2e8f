package org.flowlab.api.layer;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A diagonal Gaussian over a latent, as graph variables broadcastable to the latent's [N, C, H, W].
 * Every prior in FlowLab is of this form (standard, learned, or conditioned on the kept half of a split),
 * so the engine computes log-densities, standardised latents and temperature samples in one place.
 */
public record Gaussian(SDVariable mean, SDVariable logStd) {
}
