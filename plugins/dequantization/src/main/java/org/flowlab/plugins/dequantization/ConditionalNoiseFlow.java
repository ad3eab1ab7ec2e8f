package org.flowlab.plugins.dequantization;

import java.util.ArrayList;
import java.util.List;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.LearnedDequantizer;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.nn.Conv2d;
import org.flowlab.api.nn.Conv2d.Layout;
import org.flowlab.api.nn.FastOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * q(u|x) of {@link Variational}: ε ~ N(0, I) → {@code depth} checkerboard affine couplings, each conditioned on
 * features of the bin corners x (one conv3×3 + ReLU, computed once) → u = sigmoid(·) ∈ (0, 1)^D. The map ε → u is
 * invertible for every x, so log q(u|x) = log N(ε; 0, I) − log|det ∂u/∂ε|. Every coupling's last convolution starts
 * at zero, so q starts as the logistic-normal sigmoid(ε).
 */
final class ConditionalNoiseFlow implements LearnedDequantizer {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final SameDiff sd;
    private final TensorShape shape;
    private final Conv2d features;
    private final List<CheckerboardCoupling> couplings = new ArrayList<>();

    ConditionalNoiseFlow(LayerContext ctx, int depth, int hidden) {
        this.sd = ctx.graph();
        this.shape = ctx.inputShape();
        this.features = Conv2d.random(ctx, "features", shape.channels(), hidden, 3, Layout.CHANNELS_LAST);
        for (int i = 0; i < depth; i++) {
            couplings.add(new CheckerboardCoupling(ctx, "coupling" + i, hidden, i % 2));
        }
    }

    @Override
    public Sample sample(SDVariable binCorner, SDVariable noise) {
        Flowed u = given(binCorner).forward(noise);
        SDVariable logNormal = noise.mul(noise).sum(1, 2, 3).mul(-0.5).sub(HALF_LOG_TWO_PI * shape.dims());
        return new Sample(u.value(), logNormal.sub(u.logDet()));
    }

    /** The bijection ε ↔ u for the images whose bin corners are {@code binCorner} ([N, C, H, W], same N as ε). */
    FlowLayer given(SDVariable binCorner) {
        SDVariable conditioning = FastOps.relu(features.apply(binCorner.permute(0, 2, 3, 1)));
        return new FlowLayer() {
            @Override
            public Flowed forward(SDVariable eps) {
                SDVariable z = eps;
                SDVariable logDet = null;
                for (CheckerboardCoupling coupling : couplings) {
                    Flowed out = coupling.forward(z, conditioning);
                    z = out.value();
                    logDet = logDet == null ? out.logDet() : logDet.add(out.logDet());
                }
                return new Flowed(sd.nn().sigmoid(z), logDet.add(logSigmoidDerivative(z)));
            }

            @Override
            public Flowed inverse(SDVariable u) {
                SDVariable z = sd.math().log(u).sub(sd.math().log(u.rsub(1.0)));
                SDVariable logDet = logSigmoidDerivative(z).neg();
                for (int i = couplings.size() - 1; i >= 0; i--) {
                    Flowed out = couplings.get(i).inverse(z, conditioning);
                    z = out.value();
                    logDet = logDet.add(out.logDet());
                }
                return new Flowed(z, logDet);
            }
        };
    }

    /** Σ log sigmoid'(z) = Σ [log sigmoid(z) + log sigmoid(−z)], per sample. */
    private SDVariable logSigmoidDerivative(SDVariable z) {
        return sd.nn().logSigmoid(z).add(sd.nn().logSigmoid(z.neg())).sum(1, 2, 3);
    }
}
