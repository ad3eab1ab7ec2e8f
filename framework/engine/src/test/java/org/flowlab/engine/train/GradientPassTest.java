package org.flowlab.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/** The cached gradient pass computes exactly what SameDiff's own gradient call does, and never recycles what it returned. */
class GradientPassTest {

    private static final List<String> PARAMETERS = List.of("w", "b", "scale", "unused");

    /** A conv, a ReLU, a per-channel scale and a mean loss: enough intermediate arrays for the cache to recycle. */
    private static SameDiff graph() {
        Random random = new Random(3);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2, 6, 6);
        SDVariable w = sd.var("w", gaussian(random, 0.3, 3, 3, 2, 4));
        SDVariable b = sd.var("b", gaussian(random, 1, 4));
        SDVariable scale = sd.var("scale", gaussian(random, 1, 1, 4, 1, 1));
        sd.var("unused", Nd4j.ones(DataType.FLOAT, 3));
        Conv2DConfig same = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).paddingMode(PaddingMode.SAME)
                .dataFormat(Conv2DConfig.NCHW).build();
        SDVariable h = sd.nn().relu(sd.cnn().conv2d(x, w, b, same), 0).mul(scale);
        SDVariable perSample = h.mul(h).sum(1, 2, 3).rename("per_sample");
        sd.setLossVariables(perSample.mean().rename("loss").name());
        return sd;
    }

    private static Map<String, INDArray> batch(int seed) {
        return Map.of("x", gaussian(new Random(seed), 1, 5, 2, 6, 6));
    }

    /** From java.util.Random, which a seed fully determines (ND4J's generator is shared by every test in the JVM). */
    private static INDArray gaussian(Random random, double std, long... shape) {
        float[] values = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return Nd4j.create(values, shape, 'c');
    }

    @Test
    void equalsSameDiffsGradientsAndOutputsOverConsecutiveSteps() {
        SameDiff reference = graph();
        SameDiff cached = graph();
        GradientPass pass = new GradientPass(cached, List.of("loss", "per_sample"), PARAMETERS);
        for (int step = 0; step < 3; step++) {
            OutAndGrad expected = reference.calculateGradientsAndOutputs(batch(step), List.of("loss", "per_sample"),
                    PARAMETERS);
            GradientPass.Result actual = pass.run(batch(step));

            assertThat(actual.outputs()).containsOnlyKeys("loss", "per_sample");
            actual.outputs().forEach((name, value) -> assertThat(value).as(name).isEqualTo(expected.getOutputs().get(name)));
            // The loss does not depend on "unused": SameDiff has no gradient for it, and neither do we.
            assertThat(actual.gradients()).containsOnlyKeys("w", "b", "scale");
            actual.gradients().forEach((name, value) -> assertThat(value).as(name).isEqualTo(expected.getGradients().get(name)));
        }
    }

    @Test
    void twoPassesOverOneModelKeepTheirOwnParameterOrder() {
        SameDiff sd = graph();
        GradientPass forward = new GradientPass(sd, List.of("loss"), List.of("w", "b", "scale"));
        GradientPass backward = new GradientPass(sd, List.of("loss"), List.of("scale", "b", "w"));

        GradientPass.Result one = forward.run(batch(4));
        GradientPass.Result other = backward.run(batch(4));

        assertThat(one.layout().parameters()).containsExactly("w", "b", "scale");
        assertThat(other.layout().parameters()).containsExactly("scale", "b", "w");
        assertThat(other.flatGradient().length()).isEqualTo(one.flatGradient().length()).isEqualTo(3 * 3 * 2 * 4 + 4 + 4);
        one.gradients().forEach((name, value) -> assertThat(other.gradients().get(name)).as(name).isEqualTo(value));
    }

    @Test
    void arraysReturnedByOnePassSurviveTheNext() {
        GradientPass pass = new GradientPass(graph(), List.of("loss", "per_sample"), PARAMETERS);
        GradientPass.Result first = pass.run(batch(1));
        Map<String, INDArray> snapshot = Map.of("per_sample", first.outputs().get("per_sample").dup(),
                "w", first.gradients().get("w").dup(), "scale", first.gradients().get("scale").dup());

        GradientPass.Result second = pass.run(batch(2));

        assertThat(second.outputs().get("per_sample")).isNotEqualTo(snapshot.get("per_sample"));
        assertThat(first.outputs().get("per_sample")).isEqualTo(snapshot.get("per_sample"));
        assertThat(first.gradients().get("w")).isEqualTo(snapshot.get("w"));
        assertThat(first.gradients().get("scale")).isEqualTo(snapshot.get("scale"));
    }
}
