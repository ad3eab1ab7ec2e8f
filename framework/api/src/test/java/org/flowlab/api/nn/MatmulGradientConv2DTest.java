package org.flowlab.api.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix-product gradients must be ND4J's {@code conv2d_bp} in value, computed by another route only where
 * that route applies. The reference runs {@code conv2d_bp} directly on the arrays, outside any graph, because
 * inside one ND4J's op registry now lists our class for every {@code conv2d}.
 */
class MatmulGradientConv2DTest {

    @ParameterizedTest(name = "{0}→{1}, {2}×{2}, {3}")
    @CsvSource({
            "6, 5, 1, NHWC, true",     // the coupling network's hidden 1×1
            "40, 4, 3, NHWC, true",    // its zero-initialised last layer: 9·4 ≤ 40
            "72, 8, 3, NHWC, true",    // ... at the next level: 9·8 ≤ 72
            "3, 8, 3, NHWC, false",    // its first layer, narrow input: ND4J's gradient
            "6, 5, 1, NCHW, false"})   // channels-first: ND4J's gradient
    void gradientsEqualNd4jsConv2dBp(int in, int out, int kernel, String format, boolean matmulRoute) {
        boolean nhwc = format.equals("NHWC");
        Nd4j.getRandom().setSeed(3);
        // H ≠ W and N > 1, so a mix-up of axes or of images cannot go unnoticed.
        long[] xShape = nhwc ? new long[]{2, 5, 4, in} : new long[]{2, in, 5, 4};
        long[] yShape = nhwc ? new long[]{2, 5, 4, out} : new long[]{2, out, 5, 4};
        INDArray x = Nd4j.randn(DataType.FLOAT, xShape);
        INDArray w = Nd4j.randn(DataType.FLOAT, kernel, kernel, in, out);
        INDArray b = Nd4j.randn(DataType.FLOAT, out);
        INDArray r = Nd4j.randn(DataType.FLOAT, yShape);
        Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat(nhwc ? Conv2DConfig.NHWC : Conv2DConfig.NCHW).build();

        SameDiff sd = SameDiff.create();
        // The weights enter computed, as a zero convolution's do (its gain folded in): no static shape in the graph.
        SDVariable weights = sd.var("w", w).mul(1.0);
        SDVariable y = new MatmulGradientConv2D(sd, sd.var("x", x), weights, sd.var("b", b), w.shape(), config)
                .outputVariable().rename("y");
        sd.setLossVariables(y.mul(sd.constant(r)).sum().name());
        var pass = sd.calculateGradientsAndOutputs(Map.of(), List.of("y"), List.of("x", "w", "b"));
        Map<String, INDArray> reference = nd4jGradients(x, w, b, r, config);

        assertThat(maxDiff(pass.getOutputs().get("y"), reference.get("y"))).as("y").isLessThan(1e-4);
        for (String name : List.of("x", "w", "b")) {
            INDArray got = pass.getGradients().get(name);
            assertThat(got.shape()).as("d%s shape", name).containsExactly(reference.get(name).shape());
            double scale = Math.max(1, reference.get(name).amaxNumber().doubleValue());
            assertThat(maxDiff(got, reference.get(name)) / scale).as("d%s, relative max |difference|", name)
                    .isLessThan(1e-5);
        }
        assertThat(gradientOps(sd)).as("ops of the gradient function")
                .matches(ops -> ops.contains("conv2d_bp") != matmulRoute, matmulRoute
                        ? "no conv2d_bp (the matrix-product route)" : "conv2d_bp (ND4J's gradient)");
    }

    /** y and ND4J's own dX, dW, db for the loss Σ r·y, by its conv2d and conv2d_bp ops. */
    private static Map<String, INDArray> nd4jGradients(INDArray x, INDArray w, INDArray b, INDArray r,
                                                       Conv2DConfig config) {
        Conv2D forward = new Conv2D(new INDArray[]{x, w, b}, null, config);
        INDArray y = Nd4j.exec(forward)[0];
        INDArray dx = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dw = Nd4j.create(DataType.FLOAT, w.shape());
        INDArray db = Nd4j.create(DataType.FLOAT, b.shape());
        int[] iArgs = Arrays.stream(forward.iArgs()).mapToInt(v -> (int) v).toArray();
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, r).addOutputs(dx, dw, db)
                .addIntegerArguments(iArgs).build());
        return Map.of("y", y, "x", dx, "w", dw, "b", db);
    }

    private static String gradientOps(SameDiff sd) {
        return sd.getFunction("grad").getOps().values().stream()
                .map(SameDiffOp::getOp).map(op -> op.opName()).sorted().collect(Collectors.joining(" "));
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
