package org.flowlab.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fused Adam against the textbook recursion, computed here in double. */
class AdamTest {

    @Test
    void matchesTheTextbookRecursionOverSeveralStepsWithChangingLearningRates() {
        double[] start = {0.5, -1.0, 2.0};
        double[][] gradientsPerStep = {{0.1, -0.2, 3.0}, {0.05, 0.4, -1.0}, {-0.3, 0.1, 0.5}, {0.2, -0.1, 0.0}};
        double[] learningRates = {1e-3, 2e-3, 3e-3, 1e-2};

        INDArray parameter = Nd4j.createFromArray(start).castTo(DataType.FLOAT);
        Adam adam = new Adam(new ParameterLayout(Map.of("p", new long[]{3})));
        double[] expected = start.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= gradientsPerStep.length; t++) {
            double[] g = gradientsPerStep[t - 1];
            double lr = learningRates[t - 1];
            adam.apply(Map.of("p", parameter), Nd4j.createFromArray(g).castTo(DataType.FLOAT), lr);
            for (int i = 0; i < 3; i++) {
                m[i] = Adam.BETA1 * m[i] + (1 - Adam.BETA1) * g[i];
                v[i] = Adam.BETA2 * v[i] + (1 - Adam.BETA2) * g[i] * g[i];
                double stepSize = lr * Math.sqrt(1 - Math.pow(Adam.BETA2, t)) / (1 - Math.pow(Adam.BETA1, t));
                expected[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + Adam.EPSILON);
            }
            double[] actual = parameter.toDoubleVector();
            for (int i = 0; i < 3; i++) {
                assertThat(actual[i]).as("step %d, element %d", t, i).isCloseTo(expected[i], within(1e-6));
            }
        }
    }

    @Test
    void firstStepMovesEachParameterByTheLearningRateAgainstItsGradientSign() {
        INDArray parameter = Nd4j.createFromArray(1.0f, 1.0f);
        new Adam(new ParameterLayout(Map.of("p", new long[]{2})))
                .apply(Map.of("p", parameter), Nd4j.createFromArray(5.0f, -0.01f), 0.1);
        assertThat(parameter.toDoubleVector()).containsExactly(new double[]{0.9, 1.1}, within(1e-5));
    }

    @Test
    void eachParameterGetsTheUpdateOfItsOwnSliceOfTheFlatGradient() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("matrix", new long[]{2, 2});
        shapes.put("vector", new long[]{3});
        INDArray matrix = Nd4j.zeros(DataType.FLOAT, 2, 2);
        INDArray vector = Nd4j.zeros(DataType.FLOAT, 3);
        // First step: every element moves by lr against the sign of its gradient (zero gradient: no move).
        INDArray gradient = Nd4j.createFromArray(1f, -2f, 0f, 4f, -5f, 6f, 0f);

        new Adam(new ParameterLayout(shapes)).apply(Map.of("matrix", matrix, "vector", vector), gradient, 0.5);

        assertThat(matrix.reshape(4).toDoubleVector()).containsExactly(new double[]{-0.5, 0.5, 0, -0.5}, within(1e-6));
        assertThat(vector.toDoubleVector()).containsExactly(new double[]{0.5, -0.5, 0}, within(1e-6));
    }

    @Test
    void rejectsAGradientOfAnotherLength() {
        Adam adam = new Adam(new ParameterLayout(Map.of("p", new long[]{2})));
        assertThatThrownBy(() -> adam.apply(Map.of("p", Nd4j.zeros(DataType.FLOAT, 2)), Nd4j.ones(DataType.FLOAT, 3), 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 3").hasMessageContaining("2");
    }
}
