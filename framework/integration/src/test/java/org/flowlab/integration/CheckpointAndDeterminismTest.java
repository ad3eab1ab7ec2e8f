package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.Datasets;
import org.flowlab.data.ImageDataset;
import org.flowlab.data.Split;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.model.Noise;
import org.flowlab.engine.model.TrainedModel;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.train.Dequantizer;
import org.flowlab.engine.train.Evaluator;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CheckpointAndDeterminismTest {

    @TempDir
    Path output;

    private final TrialTrainer trainer = FlowLab.injector().getInstance(TrialTrainer.class);
    private final ComponentRegistry registry = FlowLab.injector().getInstance(ComponentRegistry.class);

    private static TrialConfig synthetic(String normalization) {
        return new TrialConfig(new DataConfig("synthetic", 8, null, null, null),
                new ModelConfig(2, 2, 16, ComponentChoice.of(normalization), ComponentChoice.of("conv1x1"),
                        ComponentChoice.of("affine"), ComponentChoice.of("split-conditional")),
                new TrainConfig(null, 25, 32, 2e-3, 5, 50.0, 0, 128, 4));
    }

    @Test
    void aCheckpointRoundTripsToIdenticalTestBitsPerDim() throws Exception {
        for (String normalization : List.of("actnorm", "batchnorm")) {
            TrialConfig config = synthetic(normalization);
            TrainingResult result = trainer.train(config, output.resolve(normalization), TrainingListener.NONE);
            TrainedModel loaded = TrainedModel.load(result.checkpoint(), registry);

            ImageDataset test = Datasets.get("synthetic").load(Split.TEST, DataDirectory.resolve(null));
            double reloaded = new Evaluator(128).bitsPerDim(loaded.model(), test, new Dequantizer(8));
            assertThat(reloaded).as(normalization).isEqualTo(result.finalTestBpd());
            assertThat(loaded.config()).isEqualTo(config);
        }
    }

    @Test
    void aLoadedActNormIsNotReinitialisedByTheNextBatch() throws Exception {
        TrainingResult result = trainer.train(synthetic("actnorm"), output, TrainingListener.NONE);
        TrainedModel loaded = TrainedModel.load(result.checkpoint(), registry);
        String bias = "level0/step0/normalization/bias";
        INDArray before = loaded.model().graph().valueOf(bias).dup();

        INDArray otherData = Noise.gaussian(new java.util.Random(99), DataType.FLOAT, 16, 1, 8, 8).muli(3);
        loaded.model().initializeDataDependentLayers(otherData);

        assertThat(loaded.model().graph().valueOf(bias)).isEqualTo(before);
        assertThat(before.sumNumber().doubleValue()).isNotZero();
    }

    @Test
    void samplesAndReconstructionsComeFromTheTrainedModel() throws Exception {
        TrainingResult result = trainer.train(synthetic("actnorm"), output, TrainingListener.NONE);
        TrainedModel loaded = TrainedModel.load(result.checkpoint(), registry);
        INDArray pixels = loaded.samplePixels(9, 0.7, 1);
        assertThat(pixels.shape()).containsExactly(9, 1, 8, 8);
        assertThat(pixels.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(pixels.maxNumber().doubleValue()).isLessThanOrEqualTo(255);
        assertThat(loaded.samplePixels(9, 0.7, 1)).as("same seed, same samples").isEqualTo(pixels);

        ImageDataset test = Datasets.get("synthetic").load(Split.TEST, DataDirectory.resolve(null));
        INDArray x = new Dequantizer(8).apply(test.batch(new int[]{0, 1, 2}), new java.util.Random(1));
        INDArray reconstructed = loaded.model().reconstruct(x);
        assertThat(org.flowlab.testkit.Checks.maxAbsDifference(reconstructed, x)).isLessThan(1e-4);
    }

    @Test
    void theSameSeedGivesTheSameMnistCurveTwice() {
        Path data = SharedData.require();
        TrialConfig config = new TrialConfig(new DataConfig("mnist", 8, 640, 200, data.toString()),
                new ModelConfig(2, 2, 16, ComponentChoice.of("actnorm"), ComponentChoice.of("shuffle"),
                        ComponentChoice.of("affine"), ComponentChoice.of("split-conditional")),
                new TrainConfig(null, 12, 32, 2e-3, 4, 50.0, 6, 100, 5));
        TrainingRun first = TrainingRun.train(trainer, config, output.resolve("a"));
        TrainingRun second = TrainingRun.train(trainer, config, output.resolve("b"));
        assertThat(second.values("train/bpd")).hasSize(12).isEqualTo(first.values("train/bpd"));
        assertThat(second.values("test/bpd")).hasSize(2).isEqualTo(first.values("test/bpd"));
        TrainingRun otherSeed = TrainingRun.train(trainer,
                new TrialConfig(config.data(), config.model(), config.train().withSeed(6)), output.resolve("c"));
        assertThat(otherSeed.values("train/bpd")).isNotEqualTo(first.values("train/bpd"));
    }
}
