package org.flowlab.engine.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch as the model's placeholders take it: with uniform dequantisation x is x̃ and there is no noise; with a
 * learned one x is the bin's lower corner x/n_bins − 0.5 and noise is ε ~ N(0, I) of the same shape.
 */
public record ModelInput(INDArray x, INDArray noise) {

    public static ModelInput of(INDArray x) {
        return new ModelInput(x, null);
    }

    public long size() {
        return x.size(0);
    }
}
