package org.flowlab.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fast replacements must be the plain ops in value and in gradient, only cheaper. */
class FastOpsTest {

    private static final long[] X_SHAPE = {3, 4, 5, 5};

    @Test
    void multiplyByPerChannelScaleMatchesBroadcastMultiply() {
        assertSameValueAndGradients((sd, v) -> v.get(0).mul(v.get(1)),
                (sd, v) -> FastOps.multiply(v.get(0), v.get(1)), new long[]{1, 4, 1, 1});
    }

    @Test
    void multiplyByPerPositionTensorMatchesBroadcastMultiply() {
        assertSameValueAndGradients((sd, v) -> v.get(0).mul(v.get(1)),
                (sd, v) -> FastOps.multiply(v.get(0), v.get(1)), new long[]{1, 4, 5, 5});
    }

    @Test
    void multiplyBySameShapeTensorMatchesMultiply() {
        assertSameValueAndGradients((sd, v) -> v.get(0).mul(v.get(1)),
                (sd, v) -> FastOps.multiply(v.get(0), v.get(1)), X_SHAPE);
    }

    @Test
    void reluMatchesRelu() {
        assertSameValueAndGradients((sd, v) -> sd.nn().relu(v.get(0).mul(v.get(1)), 0),
                (sd, v) -> FastOps.relu(v.get(0).mul(v.get(1))), new long[]{1, 4, 1, 1});
    }

    @Test
    void reluIsZeroForNegativeInputsAndIdentityForPositive() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("x", Nd4j.createFromArray(-2f, -0.5f, 0f, 0.5f, 3f));
        INDArray y = FastOps.relu(x).eval();
        // −0 for negative inputs is fine: it equals 0.
        assertThat(y.toFloatVector()).containsExactly(new float[]{0f, 0f, 0f, 0.5f, 3f}, within(0f));
    }

    @Test
    void reluIsOneNativeOpForwardAndStepTimesGradientBackward() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.randn(DataType.FLOAT, X_SHAPE));
        SDVariable y = FastOps.relu(x);
        sd.setLossVariables(y.sum().name());
        sd.createGradFunction();

        // The gradient function holds a copy of the forward ops (same names) followed by the backward ones.
        List<String> backward = sd.getFunction("grad").getOps().entrySet().stream()
                .filter(op -> !sd.getOps().containsKey(op.getKey()))
                .map(op -> op.getValue().getOp().opName()).toList();
        assertThat(sd.getOps().values()).extracting(op -> op.getOp().opName()).contains("relu").doesNotContain("step");
        assertThat(backward).containsExactlyInAnyOrder("reduce_sum_bp", "step", "multiply");
    }

    /** Both graphs get the same x, w and a random upstream gradient r (loss = Σ r·f(x, w)). */
    private static void assertSameValueAndGradients(BiFunction<SameDiff, List<SDVariable>, SDVariable> plain,
                                                    BiFunction<SameDiff, List<SDVariable>, SDVariable> fast,
                                                    long[] wShape) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, X_SHAPE);
        INDArray w = Nd4j.randn(DataType.FLOAT, wShape);
        INDArray r = Nd4j.randn(DataType.FLOAT, X_SHAPE);
        Map<String, INDArray> expected = run(plain, x, w, r);
        Map<String, INDArray> actual = run(fast, x, w, r);
        for (String name : List.of("y", "x", "w")) {
            assertThat(actual.get(name).shape()).as(name).containsExactly(expected.get(name).shape());
            double maxDiff = actual.get(name).sub(expected.get(name)).amaxNumber().doubleValue();
            assertThat(maxDiff).as("max |difference| of " + name).isLessThan(1e-5);
        }
    }

    private static Map<String, INDArray> run(BiFunction<SameDiff, List<SDVariable>, SDVariable> f,
                                             INDArray x, INDArray w, INDArray r) {
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.var("x", x.dup());
        SDVariable wv = sd.var("w", w.dup());
        SDVariable y = f.apply(sd, List.of(xv, wv)).rename("y");
        SDVariable loss = y.mul(sd.constant(r)).sum();
        sd.setLossVariables(loss.name());
        var pass = sd.calculateGradientsAndOutputs(Map.of(), List.of("y"), List.of("x", "w"));
        return Map.of("y", pass.getOutputs().get("y"), "x", pass.getGradients().get("x"), "w", pass.getGradients().get("w"));
    }
}
