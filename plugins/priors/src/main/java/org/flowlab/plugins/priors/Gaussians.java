package org.flowlab.plugins.priors;

import org.flowlab.api.layer.Gaussian;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.TensorShape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/** The two unconditional Gaussians priors are built from: fixed N(0, I) and learned per-position. */
final class Gaussians {

    private Gaussians() {
    }

    static Gaussian standard(LayerContext ctx) {
        TensorShape s = ctx.inputShape();
        SDVariable zeros = ctx.graph().constant(ctx.scoped("zeros"),
                Nd4j.zeros(ctx.dataType(), 1, s.channels(), s.height(), s.width()));
        return new Gaussian(zeros, zeros);
    }

    /**
     * Learned log-scales move this much faster than raw parameters (Glow's logscale_factor = 3): MNIST's
     * empty background wants log σ ≈ −5 per position, which plain Adam steps take thousands of steps to reach.
     */
    static final double LOG_SCALE_FACTOR = 3.0;

    /** Glow's "learntop": a mean and log-std per position, starting at N(0, I). */
    static Gaussian learned(LayerContext ctx) {
        TensorShape s = ctx.inputShape();
        SDVariable mean = ctx.parameter("mean", Nd4j.zeros(1, s.channels(), s.height(), s.width()));
        SDVariable logStd = ctx.parameter("log_std", Nd4j.zeros(1, s.channels(), s.height(), s.width()));
        return new Gaussian(mean, logStd.mul(LOG_SCALE_FACTOR));
    }
}
