package org.flowlab.engine.train;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma & Ba) applied in place to named parameters. Written out rather than taken from ND4J's
 * updaters so the learning rate can change every step (warm-up) and clipping happens before it.
 */
final class Adam {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Map<String, INDArray> firstMoments = new HashMap<>();
    private final Map<String, INDArray> secondMoments = new HashMap<>();
    private long step;

    void apply(Map<String, INDArray> parameters, Map<String, INDArray> gradients, double learningRate) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (Map.Entry<String, INDArray> entry : gradients.entrySet()) {
            INDArray parameter = parameters.get(entry.getKey());
            INDArray gradient = entry.getValue();
            INDArray m = firstMoments.computeIfAbsent(entry.getKey(), k -> org.nd4j.linalg.factory.Nd4j.zerosLike(gradient));
            INDArray v = secondMoments.computeIfAbsent(entry.getKey(), k -> org.nd4j.linalg.factory.Nd4j.zerosLike(gradient));
            m.muli(BETA1).addi(gradient.mul(1 - BETA1));
            v.muli(BETA2).addi(gradient.mul(gradient).muli(1 - BETA2));
            INDArray denominator = Transforms.sqrt(v.div(correction2), false).addi(EPSILON);
            parameter.subi(m.div(correction1).divi(denominator).muli(learningRate));
        }
    }
}
