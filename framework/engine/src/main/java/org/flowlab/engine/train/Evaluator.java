package org.flowlab.engine.train;

import java.util.Random;
import org.flowlab.data.ImageDataset;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.Labels;
import org.flowlab.engine.model.ModelInput;

/**
 * Mean bits/dim over a whole split. The dequantisation noise is drawn from a fixed seed, so the same
 * model always gets the same figure (evaluations along a curve, and before/after a checkpoint, compare). With a
 * learned dequantisation the figure is the variational bound for that one draw of u per image; for a
 * class-conditional model it is −log p(x|y) with each image's own label.
 */
public final class Evaluator {

    private static final long EVAL_NOISE_SEED = 0x5EED_E7A1L;

    private final int batchSize;

    public Evaluator(int batchSize) {
        this.batchSize = batchSize;
    }

    public double bitsPerDim(FlowModel model, ImageDataset split, Dequantizer dequantizer) {
        Random noise = new Random(EVAL_NOISE_SEED);
        double sum = 0;
        for (int from = 0; from < split.size(); from += batchSize) {
            int to = Math.min(split.size(), from + batchSize);
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            sum += model.bitsPerDim(batch(model, split, indices, dequantizer, noise)).sumNumber().doubleValue();
        }
        return sum / split.size();
    }

    /** The model's input for these images: dequantised, with their one-hot labels if the model is conditional. */
    static ModelInput batch(FlowModel model, ImageDataset split, int[] indices, Dequantizer dequantizer, Random noise) {
        ModelInput input = dequantizer.input(split.batch(indices), noise);
        return model.classConditional()
                ? input.withLabels(Labels.oneHot(split.labels(indices), model.classes())) : input;
    }
}
