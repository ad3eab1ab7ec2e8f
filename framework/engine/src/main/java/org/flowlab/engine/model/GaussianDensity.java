package org.flowlab.engine.model;

import org.flowlab.api.layer.Gaussian;
import org.nd4j.autodiff.samediff.SDVariable;

/** Log-density, standardisation and sampling for the diagonal Gaussians every prior returns. */
final class GaussianDensity {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private GaussianDensity() {
    }

    /** Σ over C,H,W of log N(z; mean, exp(logStd)²): one value per sample. */
    static SDVariable logProb(SDVariable z, Gaussian g) {
        SDVariable standardized = standardize(z, g);
        SDVariable perElement = standardized.mul(standardized).mul(-0.5).sub(g.logStd()).sub(HALF_LOG_TWO_PI);
        return perElement.sum(1, 2, 3);
    }

    /** ε = (z − mean) / std: what a sample at temperature 1 would have drawn to produce z. */
    static SDVariable standardize(SDVariable z, Gaussian g) {
        return z.sub(g.mean()).mul(z.getSameDiff().math().exp(g.logStd().neg()));
    }

    /** z = mean + std · ε; temperature is applied by scaling ε before it is fed. */
    static SDVariable fromStandardized(SDVariable eps, Gaussian g) {
        return g.mean().add(eps.getSameDiff().math().exp(g.logStd()).mul(eps));
    }
}
