package org.flowlab.plugins.permutations;

import java.util.function.Supplier;
import org.apache.commons.math3.linear.RealMatrix;
import org.flowlab.api.layer.LayerContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * y = W·x at every pixel, as a 1×1 convolution. The inverse needs W⁻¹, which SameDiff cannot
 * differentiate and need not: it is computed in double on the JVM and fed before each execution.
 */
final class LinearChannelMix {

    static final Conv2DConfig ONE_BY_ONE = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1)
            .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).build();

    private final int channels;
    private final SDVariable inverseWeight;

    LinearChannelMix(LayerContext ctx, Supplier<RealMatrix> currentWeight) {
        this.channels = ctx.inputShape().channels();
        this.inverseWeight = ctx.derived("W_inverse", new long[]{channels, channels},
                () -> Matrices.toArray(Matrices.inverse(currentWeight.get())));
    }

    SDVariable mix(SDVariable x, SDVariable weight) {
        // Conv weights are [kH, kW, in, out]: entry (i, o) must be W[o, i], i.e. Wᵀ.
        SDVariable kernel = weight.permute(1, 0).reshape(1, 1, channels, channels);
        return x.getSameDiff().cnn().conv2d(x, kernel, ONE_BY_ONE);
    }

    SDVariable inverse(SDVariable y) {
        return mix(y, inverseWeight);
    }
}
