package org.flowlab.api.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose parameters are set from the activations of the first training batch (ActNorm).
 * The engine evaluates the graph up to this layer's input and hands it the values, layer by layer
 * in order, so every later layer sees already-normalised inputs. The "initialised" flag is part of
 * the layer's saved state, so a loaded checkpoint is never re-initialised.
 */
public interface DataDependentInit {

    boolean isInitialized();

    /** @param input the activations entering this layer for the first batch, [N, C, H, W] */
    void initializeFrom(INDArray input);
}
