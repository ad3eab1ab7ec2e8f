package org.flowlab.plugins.permutations;

import java.util.function.Supplier;
import org.apache.commons.math3.linear.RealMatrix;
import org.flowlab.api.layer.LayerContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * y = W·x at every pixel, as a 1×1 convolution. The inverse needs W⁻¹, which SameDiff cannot
 * differentiate and need not: it is computed in double on the JVM and fed (transposed, as the
 * convolution wants it) before each execution.
 */
final class LinearChannelMix {

    static final Conv2DConfig ONE_BY_ONE = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1)
            .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).build();

    private final int channels;
    private final SDVariable inverseWeightTransposed;

    /**
     * @param inverseWeightTransposed W⁻ᵀ, fed before each execution (see {@link #inverseTransposeOf}); the
     *                                full 1×1 convolution shares it with its log-determinant's gradient
     */
    LinearChannelMix(int channels, SDVariable inverseWeightTransposed) {
        this.channels = channels;
        this.inverseWeightTransposed = inverseWeightTransposed;
    }

    /** A placeholder holding W⁻ᵀ, computed in double on the JVM from the current W before every execution. */
    static SDVariable inverseTransposeOf(LayerContext ctx, Supplier<RealMatrix> currentWeight) {
        int channels = ctx.inputShape().channels();
        return ctx.derived("W_inverse_T", new long[]{channels, channels},
                () -> Matrices.toArray(Matrices.inverse(currentWeight.get()).transpose()));
    }

    SDVariable mix(SDVariable x, SDVariable weight) {
        return mixTransposed(x, weight.permute(1, 0));
    }

    /**
     * y = W·x given Wᵀ: conv weights are [kH, kW, in, out], so entry (i, o) must be W[o, i]. Callers that can
     * build Wᵀ directly save the transpose op in every training step.
     */
    SDVariable mixTransposed(SDVariable x, SDVariable weightTransposed) {
        SDVariable kernel = weightTransposed.reshape(1, 1, channels, channels);
        return x.getSameDiff().cnn().conv2d(x, kernel, ONE_BY_ONE);
    }

    SDVariable inverse(SDVariable y) {
        return mixTransposed(y, inverseWeightTransposed);
    }
}
