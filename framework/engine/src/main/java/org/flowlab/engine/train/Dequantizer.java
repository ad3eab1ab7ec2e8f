package org.flowlab.engine.train;

import java.util.Random;
import org.flowlab.engine.model.Noise;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Uniform dequantisation (DESIGN.md): 8-bit pixels are reduced to nBits, then
 * x̃ = x/n_bins − 0.5 + u with u ~ U(0, 1/n_bins), so a continuous density on x̃ bounds the discrete
 * likelihood of x. The noise comes from the caller's seeded random source.
 */
public final class Dequantizer {

    private final int nBits;
    private final double bins;

    public Dequantizer(int nBits) {
        this.nBits = nBits;
        this.bins = Math.pow(2, nBits);
    }

    public double bins() {
        return bins;
    }

    /** @param pixels [N, C, H, W] with values 0..255 */
    public INDArray apply(INDArray pixels, Random random) {
        INDArray quantized = Transforms.floor(pixels.castTo(DataType.FLOAT).div(Math.pow(2, 8 - nBits)), false);
        INDArray noise = Noise.uniform(random, 0, 1 / bins, DataType.FLOAT, pixels.shape());
        return quantized.divi(bins).subi(0.5).addi(noise);
    }

    /** The inverse for display: x̃ back to 8-bit pixel values (0..255), clipped. */
    public INDArray toPixels(INDArray dequantized) {
        INDArray quantized = Transforms.floor(dequantized.castTo(DataType.FLOAT).add(0.5).muli(bins), false);
        INDArray clipped = Transforms.min(Transforms.max(quantized, 0.0, false), bins - 1, false);
        return clipped.muli(Math.pow(2, 8 - nBits));
    }
}
