package org.flowlab.api.layer;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer that keeps statistics outside gradient descent (batch norm's running mean and variance).
 * After every training step the engine fetches {@link #statisticsOutputs()} from the same pass and
 * hands them back, so the layer can update its buffers.
 */
public interface TrainingStatistics {

    List<SDVariable> statisticsOutputs();

    void update(Map<String, INDArray> valuesByVariableName);
}
