package org.flowlab.engine.model;

import org.flowlab.api.layer.Gaussian;
import org.flowlab.api.nn.FastOps;
import org.nd4j.autodiff.samediff.SDVariable;

/** Log-density, standardisation and sampling for the diagonal Gaussians every prior returns. */
final class GaussianDensity {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private GaussianDensity() {
    }

    /**
     * Σ over C,H,W of log N(z; mean, exp(logStd)²), one value per sample, from ε = standardize(z, g)
     * (computed once by the caller, who also keeps it as a latent) and the number of elements per sample.
     */
    static SDVariable logProb(SDVariable standardized, Gaussian g, long dims) {
        // Σ log σ is summed on its own: logStd may be [1,C,H,W] (learned top) and need not be broadcast.
        double perSampleConstant = HALF_LOG_TWO_PI * dims;
        return standardized.mul(standardized).sum(1, 2, 3).mul(-0.5)
                .sub(g.logStd().sum(1, 2, 3)).sub(perSampleConstant);
    }

    /** ε = (z − mean) / std: what a sample at temperature 1 would have drawn to produce z. */
    static SDVariable standardize(SDVariable z, Gaussian g) {
        return FastOps.multiply(z.sub(g.mean()), z.getSameDiff().math().exp(g.logStd().neg()));
    }

    /** z = mean + std · ε; temperature is applied by scaling ε before it is fed. */
    static SDVariable fromStandardized(SDVariable eps, Gaussian g) {
        return FastOps.multiply(eps, eps.getSameDiff().math().exp(g.logStd())).add(g.mean());
    }
}
