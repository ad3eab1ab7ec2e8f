package org.flowlab.api.layer;

import org.nd4j.autodiff.samediff.SDVariable;

/** The built prior of one model: a distribution for the top latent and one for each factored-out half. */
public interface LatentPrior {

    /** Distribution of the latent left after the last level. */
    Gaussian top();

    /**
     * Distribution of the half factored out after {@code level} (0-based; every level but the last
     * splits), given the half that stays in the flow (Glow's split2d conditions on it).
     */
    Gaussian split(int level, SDVariable kept);
}
