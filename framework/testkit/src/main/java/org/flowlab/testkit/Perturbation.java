package org.flowlab.testkit;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flowlab.api.layer.TrainingStatistics;
import org.flowlab.engine.model.ModelGraph;
import org.flowlab.engine.model.Noise;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves a freshly built layer or model away from its initialisation before it is checked. Glow-style
 * init makes couplings the identity and priors standard normal, which would make a wrong log-det
 * invisible; random parameters and non-trivial running statistics make every term count.
 */
final class Perturbation {

    private static final double PARAMETER_NOISE = 0.1;

    private Perturbation() {
    }

    static void perturbParameters(ModelGraph graph, long seed) {
        Random random = new Random(seed);
        for (SDVariable parameter : graph.parameters().values()) {
            INDArray value = parameter.getArr();
            value.addi(Noise.gaussian(random, value.dataType(), value.shape()).muli(PARAMETER_NOISE));
        }
    }

    /** One training-mode pass per statistics layer so running averages move off their (0, 1) start. */
    static void updateStatistics(ModelGraph graph, List<TrainingStatistics> layers, Map<String, INDArray> trainingFeed) {
        for (TrainingStatistics layer : layers) {
            List<String> names = layer.statisticsOutputs().stream().map(SDVariable::name).toList();
            for (int i = 0; i < 20; i++) {
                layer.update(graph.sd().output(trainingFeed, names));
            }
        }
    }
}
