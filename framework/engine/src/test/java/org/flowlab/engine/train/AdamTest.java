package org.flowlab.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
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
        Adam adam = new Adam();
        double[] expected = start.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= gradientsPerStep.length; t++) {
            double[] g = gradientsPerStep[t - 1];
            double lr = learningRates[t - 1];
            Map<String, INDArray> gradients = new HashMap<>();
            gradients.put("p", Nd4j.createFromArray(g).castTo(DataType.FLOAT));
            adam.apply(Map.of("p", parameter), gradients, lr);
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
        Map<String, INDArray> gradients = new HashMap<>();
        gradients.put("p", Nd4j.createFromArray(5.0f, -0.01f));
        new Adam().apply(Map.of("p", parameter), gradients, 0.1);
        assertThat(parameter.toDoubleVector()).containsExactly(new double[]{0.9, 1.1}, within(1e-5));
    }
}
