package org.flowlab.engine.train;

import java.util.Random;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.ModelInput;
import org.flowlab.engine.model.Noise;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Uniform dequantisation (DESIGN.md): 8-bit pixels are reduced to nBits, then
 * x̃ = x/n_bins − 0.5 + u with u ~ U(0, 1/n_bins), so a continuous density on x̃ bounds the discrete
 * likelihood of x. The noise comes from the caller's seeded random source.
 *
 * <p>For a model that learns its dequantisation q(u|x) (Flow++), {@link #input} gives the bin's lower corner and
 * ε ~ N(0, I) instead, and the model computes u and log q(u|x) in its graph.
 */
public final class Dequantizer {

    private final int nBits;
    private final double bins;
    private final boolean learned;

    public Dequantizer(int nBits) {
        this(nBits, false);
    }

    private Dequantizer(int nBits, boolean learned) {
        this.nBits = nBits;
        this.bins = Math.pow(2, nBits);
        this.learned = learned;
    }

    /** The dequantiser that feeds {@code model}: uniform, or corners and Gaussian noise for a learned q(u|x). */
    public static Dequantizer forModel(int nBits, FlowModel model) {
        return new Dequantizer(nBits, model.learnsDequantization());
    }

    public double bins() {
        return bins;
    }

    /** @param pixels [N, C, H, W] with values 0..255 */
    public INDArray apply(INDArray pixels, Random random) {
        INDArray noise = Noise.uniform(random, 0, 1 / bins, DataType.FLOAT, pixels.shape());
        return binCorners(pixels).addi(noise);
    }

    /** The model's input for these pixels: x̃ (uniform), or the bin corners and ε ~ N(0, I) (learned). */
    public ModelInput input(INDArray pixels, Random random) {
        if (!learned) {
            return ModelInput.of(apply(pixels, random));
        }
        return new ModelInput(binCorners(pixels), Noise.gaussian(random, DataType.FLOAT, pixels.shape()));
    }

    /** x/n_bins − 0.5 after reducing to nBits: the lower corner of each pixel's bin. */
    private INDArray binCorners(INDArray pixels) {
        INDArray quantized = Transforms.floor(pixels.castTo(DataType.FLOAT).div(Math.pow(2, 8 - nBits)), false);
        return quantized.divi(bins).subi(0.5);
    }

    /** The inverse for display: x̃ back to 8-bit pixel values (0..255), clipped. */
    public INDArray toPixels(INDArray dequantized) {
        INDArray quantized = Transforms.floor(dequantized.castTo(DataType.FLOAT).add(0.5).muli(bins), false);
        INDArray clipped = Transforms.min(Transforms.max(quantized, 0.0, false), bins - 1, false);
        return clipped.muli(Math.pow(2, 8 - nBits));
    }
}
