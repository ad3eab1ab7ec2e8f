package org.flowlab.api.nn;

import org.flowlab.api.layer.LayerContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A k×k convolution (SAME padding) whose parameters are created once and which can be applied
 * to several inputs: a coupling applies its network in both directions, a split prior in encode and
 * decode, always with the same weights. Weights are [k, k, in, out] in either layout, so a checkpoint
 * does not depend on it.
 */
public final class Conv2d {

    /** Glow initialises hidden convolutions from N(0, 0.05²). */
    private static final double INIT_STD = 0.05;
    /** Glow's conv2d_zeros multiplies its output by exp(3·logs): a learned per-channel gain starting at 1. */
    private static final double ZERO_CONV_LOG_SCALE_FACTOR = 3.0;

    private final SameDiff sd;
    private final SDVariable weights;
    private final SDVariable bias;
    private final SDVariable logGain;
    private final Conv2DConfig config;
    private final long[] weightShape;

    /** Where the channel axis of the activations is. */
    public enum Layout {
        /** [N, C, H, W]: the layout of the flow's tensors. */
        CHANNELS_FIRST(Conv2DConfig.NCHW),
        /**
         * [N, H, W, C]: ND4J's oneDNN build runs its forward convolutions channels-last without reordering the
         * activations: those are about twice as fast on wide hidden layers (BENCHMARKS.md, "2026-11-29: the
         * coupling networks run channels-last").
         */
        CHANNELS_LAST(Conv2DConfig.NHWC);

        private final String dataFormat;

        Layout(String dataFormat) {
            this.dataFormat = dataFormat;
        }
    }

    private Conv2d(SameDiff sd, SDVariable weights, SDVariable bias, SDVariable logGain, int kernel, Layout layout) {
        this.sd = sd;
        this.weights = weights;
        this.bias = bias;
        this.logGain = logGain;
        this.weightShape = weights.getShape();
        this.config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat(layout.dataFormat).build();
    }

    /** Weights drawn from the context's seeded random source, zero bias; activations channels-first. */
    public static Conv2d random(LayerContext ctx, String name, int in, int out, int kernel) {
        return random(ctx, name, in, out, kernel, Layout.CHANNELS_FIRST);
    }

    /** Weights drawn from the context's seeded random source, zero bias. */
    public static Conv2d random(LayerContext ctx, String name, int in, int out, int kernel, Layout layout) {
        double[] init = new double[kernel * kernel * in * out];
        for (int i = 0; i < init.length; i++) {
            init[i] = ctx.random().nextGaussian() * INIT_STD;
        }
        SDVariable weights = ctx.parameter(name + "/W", Nd4j.create(init, new long[]{kernel, kernel, in, out}, 'c'));
        SDVariable bias = ctx.parameter(name + "/b", Nd4j.zeros(out));
        return new Conv2d(ctx.graph(), weights, bias, null, kernel, layout);
    }

    /**
     * Zero-initialised, with Glow's learned output gain: the output is exactly 0 at the start, which
     * makes every coupling the identity and every conditional prior standard normal before training.
     */
    public static Conv2d zeros(LayerContext ctx, String name, int in, int out, int kernel) {
        return zeros(ctx, name, in, out, kernel, Layout.CHANNELS_FIRST);
    }

    /** {@link #zeros(LayerContext, String, int, int, int)} with activations in the given layout. */
    public static Conv2d zeros(LayerContext ctx, String name, int in, int out, int kernel, Layout layout) {
        SDVariable weights = ctx.parameter(name + "/W", Nd4j.zeros(kernel, kernel, in, out));
        SDVariable bias = ctx.parameter(name + "/b", Nd4j.zeros(out));
        SDVariable logGain = ctx.parameter(name + "/logs", Nd4j.zeros(out));
        return new Conv2d(ctx.graph(), weights, bias, logGain, kernel, layout);
    }

    public SDVariable apply(SDVariable x) {
        if (logGain == null) {
            return convolve(x, weights, bias);
        }
        // (W∗x + b)·g = (W·g)∗x + b·g: the gain is folded into the small weight tensor [k,k,in,out] instead of
        // scaling the large output, whose broadcast gradient is slow on ND4J's CPU backend (FastOps).
        SDVariable gain = sd.math().exp(logGain.mul(ZERO_CONV_LOG_SCALE_FACTOR));
        return convolve(x, weights.mul(gain), bias.mul(gain));
    }

    /** ND4J's conv2d; channels-last, its gradient is computed with matrix products where that is faster. */
    private SDVariable convolve(SDVariable x, SDVariable w, SDVariable b) {
        return new MatmulGradientConv2D(sd, x, w, b, weightShape, config).outputVariable();
    }
}
