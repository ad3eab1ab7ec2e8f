package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.FlowModelFactory;
import org.flowlab.engine.train.Dequantizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BitsPerDimTest {

    private final FlowModelFactory factory = FlowLab.injector().getInstance(FlowModelFactory.class);

    /** no normalisation, reverse, additive (zero-initialised: the identity), N(0, I): z is x rearranged. */
    private FlowModel identityFlow(double bins) {
        return identityFlow(bins, ModelConfig.NO_PREPROCESSING);
    }

    private FlowModel identityFlow(double bins, ComponentChoice preprocessing) {
        ModelConfig config = new ModelConfig(1, 1, 4, ComponentChoice.of("none"), ComponentChoice.of("reverse"),
                ComponentChoice.of("additive"), ComponentChoice.of("standard-normal"), preprocessing);
        return new FlowModel(factory.create(config, new TensorShape(1, 2, 2), DataType.DOUBLE, 1), bins);
    }

    @Test
    void anIdentityFlowWithAStandardNormalPriorMatchesTheFormulaByHand() {
        INDArray x = Nd4j.create(new double[]{0.1, -0.2, 0.3, -0.4, 0, 0, 0, 0}, new long[]{2, 1, 2, 2});
        INDArray bpd = identityFlow(256).bitsPerDim(x);

        // bits/dim = (−log p(x̃) + D·log 256) / (D·ln 2), log p = Σ (−x²/2 − ½ ln 2π), D = 4
        double sumSquares = 0.01 + 0.04 + 0.09 + 0.16;
        double negLogP = sumSquares / 2 + 4 * 0.5 * Math.log(2 * Math.PI);
        double expected = (negLogP + 4 * Math.log(256)) / (4 * Math.log(2));
        assertThat(bpd.getDouble(0)).isCloseTo(expected, within(1e-9));
        // x̃ = 0 everywhere: 8 bits for the bins plus ½·log2(2π) for the density at the mode
        assertThat(bpd.getDouble(1)).isCloseTo(8 + 0.5 * Math.log(2 * Math.PI) / Math.log(2), within(1e-9));
    }

    @Test
    void theLogitPreprocessingCountsItsLogDeterminantInBitsPerDim() {
        double alpha = 0.05;
        double[] pixels = {0.1, -0.2, 0.3, -0.4};
        INDArray x = Nd4j.create(pixels, new long[]{1, 1, 2, 2});
        INDArray bpd = identityFlow(256, new ComponentChoice("logit", Map.of("alpha", alpha))).bitsPerDim(x);

        // y = logit(q), q = α + (1 − 2α)(x̃ + 0.5); log p(x̃) = Σ [log N(y; 0, 1) + log(1 − 2α) − log q − log(1 − q)]
        double logP = 0;
        for (double pixel : pixels) {
            double q = alpha + (1 - 2 * alpha) * (pixel + 0.5);
            double y = Math.log(q / (1 - q));
            logP += -y * y / 2 - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 2 * alpha) - Math.log(q) - Math.log(1 - q);
        }
        double expected = (-logP + 4 * Math.log(256)) / (4 * Math.log(2));
        assertThat(bpd.getDouble(0)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void fewerBitsLowerTheQuantisationTerm() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 2);
        assertThat(identityFlow(32).bitsPerDim(x).getDouble(0))
                .isCloseTo(5 + 0.5 * Math.log(2 * Math.PI) / Math.log(2), within(1e-9));
    }

    @Test
    void dequantisationMapsEachPixelIntoItsOwnBinAndBack() {
        Dequantizer dequantizer = new Dequantizer(5);
        INDArray pixels = Nd4j.create(new float[]{0, 7, 8, 255}, new long[]{1, 1, 2, 2});
        INDArray x = dequantizer.apply(pixels, new java.util.Random(3));
        // 5 bits: 0 and 7 share bin 0, 8 is bin 1, 255 is bin 31; x̃ = bin/32 − 0.5 + U(0, 1/32)
        double[] lower = {-0.5, -0.5, -0.5 + 1 / 32.0, -0.5 + 31 / 32.0};
        for (int i = 0; i < 4; i++) {
            assertThat(x.getDouble(i)).isBetween(lower[i], lower[i] + 1 / 32.0);
        }
        assertThat(dequantizer.toPixels(x).reshape(4).toDoubleVector()).containsExactly(0, 0, 8, 248);
    }
}
