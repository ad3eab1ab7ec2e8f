package org.flowlab.api.layer;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A learned dequantisation distribution q(u|x) over u ∈ (0, 1)^D, reparameterised: u = g(ε; x) with
 * ε ~ N(0, I) drawn by the engine from the trial seed, so the bound's gradient reaches q's parameters.
 */
public interface LearnedDequantizer {

    /**
     * @param binCorner the bin's lower corner x/n_bins − 0.5, [N, C, H, W]
     * @param noise     ε ~ N(0, I) of the same shape
     * @return u ∈ (0, 1)^D and log q(u|x), one value per sample
     */
    Sample sample(SDVariable binCorner, SDVariable noise);

    /** u and its log-density under q(·|x), per sample. */
    record Sample(SDVariable u, SDVariable logQ) {
    }
}
