package org.flowlab.engine.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Glow's classification head (hps.weight_y): a zero-initialised linear layer from the top latent, mean-pooled over
 * positions, to class logits; its cross-entropy against the fed labels pushes the top latent to carry the class.
 */
final class TopLatentClassifier {

    private final MultiScaleFlow flow;

    TopLatentClassifier(MultiScaleFlow flow) {
        this.flow = flow;
    }

    /** −log softmax(logits)[y] per sample, in nats. */
    SDVariable crossEntropy() {
        ModelGraph graph = flow.graph();
        SDVariable labels = flow.labels().orElseThrow();
        int classes = (int) labels.getShape()[1];
        SDVariable pooled = flow.topLatent().mean(2, 3);
        int channels = flow.levelShapes().get(flow.config().levels() - 1).channels();
        SDVariable weights = graph.addParameter("conditioning/classifier/W", Nd4j.zeros(channels, classes));
        SDVariable bias = graph.addParameter("conditioning/classifier/b", Nd4j.zeros(1, classes));
        SDVariable logits = pooled.mmul(weights).add(bias);
        SDVariable logProbabilities = graph.sd().nn().logSoftmax(logits);
        return logProbabilities.mul(labels).sum(1).neg();
    }
}
