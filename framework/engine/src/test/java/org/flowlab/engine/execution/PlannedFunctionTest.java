package org.flowlab.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowlab.engine.execution.ExecutionPlanTest.PARAMETERS;
import static org.flowlab.engine.execution.ExecutionPlanTest.batch;
import static org.flowlab.engine.execution.ExecutionPlanTest.gaussian;
import static org.flowlab.engine.execution.ExecutionPlanTest.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Through a compiled plan, a training step's gradient function computes what SameDiff's own gradient call does,
 * step after step, while parameters change in place or are replaced and batches change shape.
 */
class PlannedFunctionTest {

    private static final List<String> OUTPUTS = List.of("loss", "per_sample");

    /** The gradient function of {@code sd}, asked for the outputs and every parameter's gradient. */
    private static PlannedFunction gradientStep(SameDiff sd) {
        sd.createGradFunction();
        List<String> requested = new ArrayList<>(OUTPUTS);
        PARAMETERS.forEach(parameter -> requested.add(sd.getVariable(parameter).getGradient().name()));
        return new PlannedFunction("test step", sd.getFunction("grad"), requested.toArray(String[]::new));
    }

    private static void assertSameAsSameDiff(SameDiff sd, Map<String, INDArray> actual, OutAndGrad expected) {
        OUTPUTS.forEach(name -> assertThat(actual.get(name)).as(name).isEqualTo(expected.getOutputs().get(name)));
        PARAMETERS.forEach(parameter -> assertThat(actual.get(sd.getVariable(parameter).getGradient().name()))
                .as(parameter).isEqualTo(expected.getGradients().get(parameter)));
    }

    /** A plain gradient-descent step, applied identically to both models. */
    private static void descend(SameDiff sd, OutAndGrad gradients) {
        for (String parameter : PARAMETERS) {
            sd.getVariable(parameter).getArr().subi(gradients.getGradients().get(parameter).mul(1e-3));
        }
    }

    @Test
    void reproducesSameDiffWhileParametersChangeInPlace() {
        SameDiff reference = graph();
        SameDiff compiled = graph();
        PlannedFunction step = gradientStep(compiled);
        for (int i = 0; i < 4; i++) {
            OutAndGrad expected = reference.calculateGradientsAndOutputs(batch(i, 5), OUTPUTS, PARAMETERS);
            Map<String, INDArray> actual = step.output(batch(i, 5));

            assertThat(step.execution()).startsWith("compiled plan");
            assertThat(expected.getOutputs().get("loss").getDouble(0)).isFinite();
            assertSameAsSameDiff(compiled, actual, expected);
            descend(reference, expected);
            descend(compiled, expected);
        }
    }

    @Test
    void aReplacedParameterArrayRecompilesThePlan() {
        SameDiff reference = graph();
        SameDiff compiled = graph();
        PlannedFunction step = gradientStep(compiled);
        step.output(batch(1, 5));

        INDArray replacement = gaussian(new Random(99), 0.3, 3, 3, 2, 4);
        reference.getVariable("w").setArray(replacement.dup());
        compiled.getVariable("w").setArray(replacement.dup());

        assertSameAsSameDiff(compiled, step.output(batch(2, 5)),
                reference.calculateGradientsAndOutputs(batch(2, 5), OUTPUTS, PARAMETERS));
        assertThat(step.execution()).startsWith("compiled plan");
    }

    @Test
    void aBatchOfAnotherShapeRunsOnSameDiffAndKeepsThePlan() {
        SameDiff reference = graph();
        SameDiff compiled = graph();
        PlannedFunction step = gradientStep(compiled);
        for (int size : new int[] {5, 3, 5}) {
            assertSameAsSameDiff(compiled, step.output(batch(size, size)),
                    reference.calculateGradientsAndOutputs(batch(size, size), OUTPUTS, PARAMETERS));
            assertThat(step.execution()).startsWith("compiled plan");
        }
    }

    @Test
    void outputsThatOverflowStillRunOnThePlan() {
        // Like samples of a briefly trained flow: an inverse coupling divides by a scale near 0 and overflows.
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        SDVariable w = sd.var("w", Nd4j.createFromArray(new float[] {1f, 2f, 3f}));
        sd.math().exp(x.mul(w)).rename("y");
        PlannedFunction sampling = new PlannedFunction("test sampling", sd, "y");
        INDArray overflowing = Nd4j.createFromArray(new float[][] {{0.5f, 100f, -1f}, {0f, 0f, 0f}});

        INDArray first = sampling.output(Map.of("x", overflowing)).get("y");
        assertThat(sampling.execution()).startsWith("compiled plan");
        INDArray second = sampling.output(Map.of("x", overflowing.mul(-1))).get("y");

        assertThat(first.getFloat(0, 1)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(first).isEqualTo(sd.output(Map.of("x", overflowing), "y").get("y"));
        assertThat(second.getFloat(0, 0)).isCloseTo((float) Math.exp(-0.5), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void outputsAreTheCallersToKeep() {
        PlannedFunction step = gradientStep(graph());
        INDArray first = step.output(batch(1, 5)).get("per_sample");
        INDArray snapshot = first.dup();

        INDArray second = step.output(batch(2, 5)).get("per_sample");

        assertThat(second).isNotEqualTo(snapshot);
        assertThat(first).isEqualTo(snapshot);
    }
}
