package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.FlowModelFactory;
import org.flowlab.engine.model.Labels;
import org.flowlab.engine.model.ModelInput;
import org.flowlab.engine.model.TrainedModel;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.TrialTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** model.conditioning: class — the top prior depends on the label, bits/dim is −log p(x|y) under its own name. */
class ClassConditionalTest {

    private static final int CLASSES = 3;
    private static final double BINS = 256;

    @TempDir
    Path output;

    /** Identity flow (no normalisation, reverse, zero additive) with an N(0, I) prior made class-conditional. */
    private static FlowModel conditionalIdentityFlow() {
        ModelConfig config = new ModelConfig(1, 1, 4, ComponentChoice.of("none"), ComponentChoice.of("reverse"),
                ComponentChoice.of("additive"), ComponentChoice.of("standard-normal")).withConditioning("class");
        FlowModelFactory factory = FlowLab.injector().getInstance(FlowModelFactory.class);
        return new FlowModel(factory.create(config, new TensorShape(1, 2, 2), DataType.DOUBLE, 1, BINS, CLASSES), BINS);
    }

    @Test
    void bitsPerDimIsMinusLogPOfXGivenYByHand() {
        FlowModel model = conditionalIdentityFlow();
        assertThat(model.bitsPerDimMetric()).isEqualTo("bpd_given_y");
        // Class 1 shifts every top position's mean by 0.2 and its log-scale by −0.5; the other classes stay N(0, I).
        INDArray weights = model.graph().valueOf("conditioning/prior/W");
        assertThat(weights.shape()).containsExactly(CLASSES, 8);
        for (int i = 0; i < 4; i++) {
            weights.putScalar(1, i, 0.2);
            weights.putScalar(1, 4 + i, -0.5);
        }
        double[] pixels = {0.1, -0.2, 0.3, -0.4};
        INDArray x = Nd4j.create(new double[]{0.1, -0.2, 0.3, -0.4, 0.1, -0.2, 0.3, -0.4}, new long[]{2, 1, 2, 2});
        INDArray bpd = model.bitsPerDim(ModelInput.of(x).withLabels(Labels.oneHot(new int[]{1, 2}, CLASSES)));

        double givenOne = 0;
        double givenTwo = 0;
        for (double p : pixels) {
            double sigma = Math.exp(-0.5);
            givenOne += -Math.pow((p - 0.2) / sigma, 2) / 2 + 0.5 - 0.5 * Math.log(2 * Math.PI);
            givenTwo += -p * p / 2 - 0.5 * Math.log(2 * Math.PI);
        }
        assertThat(bpd.getDouble(0)).isCloseTo((-givenOne + 4 * Math.log(BINS)) / (4 * Math.log(2)), within(1e-9));
        assertThat(bpd.getDouble(1)).isCloseTo((-givenTwo + 4 * Math.log(BINS)) / (4 * Math.log(2)), within(1e-9));
        assertThatThrownBy(() -> model.bitsPerDim(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels");
    }

    @Test
    void aConditionalTrialLogsBitsPerDimGivenYWritesAClassGridAndSamplesAClassFromItsCheckpoint() throws Exception {
        ModelConfig model = new ModelConfig(2, 1, 8, ComponentChoice.of("actnorm"), ComponentChoice.of("conv1x1-lu"),
                ComponentChoice.of("affine"), ComponentChoice.of("split-conditional")).withConditioning("class");
        TrialConfig config = new TrialConfig(new DataConfig("synthetic", 8, 128, 32, null), model,
                new TrainConfig(null, 6, 16, 5e-3, 0, 0.0, 3, 32, 4, 0.5));
        TrainingRun run = TrainingRun.train(FlowLab.injector().getInstance(TrialTrainer.class), config, output);

        List<String> names = run.points().stream().map(MetricPoint::name).distinct().toList();
        assertThat(names).contains("train/bpd_given_y", "test/bpd_given_y").doesNotContain("train/bpd", "test/bpd");
        assertThat(run.values("train/bpd_given_y")).hasSize(6).allMatch(Double::isFinite);
        assertThat(run.values("test/bpd_given_y")).hasSize(2);

        Path grid = run.result().classGrid();
        assertThat(grid).isNotNull().exists();
        BufferedImage image = ImageIO.read(grid.toFile());
        // synthetic: 4 classes of 8x8 images, 10 per row, 2-pixel gaps
        assertThat(image.getHeight()).isEqualTo(4 * (8 + 2) + 2);
        assertThat(image.getWidth()).isEqualTo(10 * (8 + 2) + 2);

        TrainedModel loaded = TrainedModel.load(run.result().checkpoint(),
                FlowLab.injector().getInstance(ComponentRegistry.class));
        assertThat(loaded.model().classConditional()).isTrue();
        INDArray three = loaded.samplePixels(5, 0.7, 1, 3);
        assertThat(three.shape()).containsExactly(5, 1, 8, 8);
        assertThatThrownBy(() -> loaded.samplePixels(5, 0.7, 1, 4)).hasMessageContaining("outside 0..3");
        assertThat(Files.size(grid)).isPositive();
    }
}
