package org.flowlab.api.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's {@code conv2d}, whose gradient is computed with matrix products for the two channels-last shapes of a
 * coupling network: the 1×1 convolution and a 3×3 convolution to few channels (the zero-initialised last layer,
 * 128 → 4 or 8). The forward pass is the native op, unchanged.
 *
 * <p>Why: ND4J M2.1's {@code conv2d_bp} runs oneDNN 2.3's backward kernels, which take only blocked layouts, so
 * libnd4j reorders every wide channels-last operand into {@code nChw16c} and back, once for the data gradient
 * and again for the weight gradient. Those reorders are a third to a half of the op's time and do not get faster on two
 * cores (BENCHMARKS.md, "2026-11-29, evening"). Channels-last tensors are already matrices [N·H·W, C], so:
 * <ul>
 *   <li>1×1: dX = dY·Wᵀ and dW = Xᵀ·dY;</li>
 *   <li>3×3, SAME, stride 1: with S = the nine shifted copies of dY side by side ([N·H·W, 9·out], cheap because
 *       out is small), dW = Xᵀ·S and dX = S·W', W' being W's taps stacked as [9·out, in];</li>
 *   <li>the bias gradient, Σ dY over N, H and W, is the product 1ᵀ·dY in both cases.</li>
 * </ul>
 * Every other convolution (channels-first, strided, dilated, or wide on both sides) keeps ND4J's gradient.
 *
 * <p>The class is registered for the native op (as {@link MaskedRelu} is) because SameDiff differentiates a copy
 * of the graph, whose ops it instantiates from ND4J's op registry.
 */
public final class MatmulGradientConv2D extends Conv2D {

    static final String NATIVE_OP = "conv2d";

    /** A property of ours, next to Conv2D's, so that it survives the graph copy SameDiff differentiates. */
    private static final String WEIGHT_SHAPE = "flowlab.weightShape";

    static {
        OpRegistry.register(NATIVE_OP, MatmulGradientConv2D.class, Conv2D.class);
    }

    /** Makes sure the registration has happened (see {@link MaskedRelu#register()}). */
    public static void register() {
        // Loading the class ran the static initialiser; nothing else to do.
    }

    /** For the registry, which instantiates ops reflectively when it copies a graph. */
    public MatmulGradientConv2D() {
    }

    /**
     * [k, k, in, out]. Given, not read off the weights: a zero-initialised convolution's weights are computed (its
     * gain is folded in), and SameDiff knows no static shape for computed values.
     */
    private long[] weightShape;

    MatmulGradientConv2D(SameDiff sd, SDVariable x, SDVariable weights, SDVariable bias, long[] weightShape,
                         Conv2DConfig config) {
        super(sd, new SDVariable[]{x, weights, bias}, config);
        this.weightShape = weightShape.clone();
    }

    @Override
    public Map<String, Object> propertiesForFunction() {
        Map<String, Object> properties = new LinkedHashMap<>(super.propertiesForFunction());
        if (weightShape != null) {
            properties.put(WEIGHT_SHAPE, weightShape.clone());
        }
        return properties;
    }

    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
        super.setPropertiesForFunction(properties);
        Object shape = properties.get(WEIGHT_SHAPE);
        if (shape instanceof long[] longs) {
            weightShape = longs.clone();
        } else if (shape instanceof int[] ints) {
            weightShape = Arrays.stream(ints).asLongStream().toArray();
        }
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        if (config == null) {
            configureFromArguments();
        }
        long[] w = weightShape != null ? weightShape : arg(1).getShape();
        if (args().length != 3 || w == null || w.length != 4 || !channelsLastUnitStride()) {
            return super.doDiff(gradients);
        }
        int kernel = (int) w[0];
        long in = w[2];
        long out = w[3];
        if (kernel == 1 && w[1] == 1) {
            return pointwise(gradients.get(0), in, out);
        }
        // The nine shifted copies of dY are 9·out channels wide: worth building only while that is narrower than X.
        if (kernel == 3 && w[1] == 3 && config.getPaddingMode() == PaddingMode.SAME && 9 * out <= in) {
            return narrowOutput(gradients.get(0), in, out);
        }
        return super.doDiff(gradients);
    }

    private boolean channelsLastUnitStride() {
        return config.isNHWC() && config.getWeightsFormat() == WeightsFormat.YXIO
                && config.getSH() == 1 && config.getSW() == 1 && config.getDH() == 1 && config.getDW() == 1;
    }

    private List<SDVariable> pointwise(SDVariable dy, long in, long out) {
        SameDiff sd = sameDiff;
        SDVariable x = arg(0);
        SDVariable dyRows = sd.reshape(dy, -1, out);
        SDVariable dx = sd.reshape(sd.mmul(dyRows, sd.reshape(arg(1), in, out), false, true, false), sd.shape(x));
        SDVariable dw = sd.reshape(sd.mmul(sd.reshape(x, -1, in), dyRows, true, false, false), 1, 1, in, out);
        return List.of(dx, dw, biasGradient(dy, dyRows));
    }

    private List<SDVariable> narrowOutput(SDVariable dy, long in, long out) {
        SameDiff sd = sameDiff;
        SDVariable x = arg(0);
        SDVariable shifted = sd.reshape(shiftedTaps(dy), -1, 9 * out);
        // dW[i,j,c,o] = Σ_q x[q,c]·dY[q-(i,j)+1, o]: one product [in, 9·out], columns ordered (i, j, o).
        SDVariable dwColumns = sd.mmul(sd.reshape(x, -1, in), shifted, true, false, false);
        SDVariable dw = sd.permute(sd.reshape(dwColumns, in, 3, 3, out), 1, 2, 0, 3);
        // dX[q,c] = Σ_(i,j,o) dY[q-(i,j)+1, o]·W[i,j,c,o]: W's taps stacked as rows (i, j, o).
        SDVariable stackedTaps = sd.reshape(sd.permute(arg(1), 0, 1, 3, 2), 9 * out, in);
        SDVariable dx = sd.reshape(sd.mmul(shifted, stackedTaps), sd.shape(x));
        return List.of(dx, dw, biasGradient(dy, sd.reshape(dy, -1, out)));
    }

    /**
     * Σ dY over N, H and W, as the product 1ᵀ·dY of a column of ones with the rows of dY: libnd4j's
     * {@code reduce_sum} over the leading axis of a [N·H·W, C] matrix walks it column by column.
     */
    private SDVariable biasGradient(SDVariable dy, SDVariable dyRows) {
        SameDiff sd = sameDiff;
        SDVariable firstChannel = sd.stridedSlice(dy, new long[]{0, 0, 0, 0}, new long[]{0, 0, 0, 1},
                new long[]{1, 1, 1, 1}, 0b0111, 0b0111, 0, 0, 0);
        SDVariable ones = sd.reshape(sd.onesLike(firstChannel), -1, 1);
        return sd.reshape(sd.mmul(ones, dyRows, true, false, false), -1);
    }

    /**
     * [N, H, W, 9·out]: for each tap (i, j) of the 3×3 kernel, dY shifted by (1-i, 1-j) with zeros shifted in, so
     * that position q holds dY[q-(i,j)+1].
     */
    private SDVariable shiftedTaps(SDVariable dy) {
        SameDiff sd = sameDiff;
        SDVariable padded = sd.nn().pad(dy, sd.constant(Nd4j.createFromArray(
                new int[][]{{0, 0}, {1, 1}, {1, 1}, {0, 0}})), 0.0);
        SDVariable[] taps = new SDVariable[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                taps[3 * i + j] = window(padded, 2 - i, 2 - j);
            }
        }
        return sd.concat(3, taps);
    }

    /**
     * padded[:, top : top+H, left : left+W, :] of a tensor padded by one on each side, without knowing H or W: the
     * end of each window counts back from the end of the padded axis (2 - top), or runs to it.
     */
    private SDVariable window(SDVariable padded, int top, int left) {
        int endMask = 0b1001 | (top == 2 ? 0b0010 : 0) | (left == 2 ? 0b0100 : 0);
        return sameDiff.stridedSlice(padded, new long[]{0, top, left, 0}, new long[]{0, top - 2, left - 2, 0},
                new long[]{1, 1, 1, 1}, 0b1001, endMask, 0, 0, 0);
    }
}
