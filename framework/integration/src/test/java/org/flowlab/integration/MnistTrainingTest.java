package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small Glow trained briefly on real MNIST learns: test bits/dim falls far from where it started, and below
 * 2.0 within 200 steps once the dequantised image goes through RealNVP's logit first.
 */
class MnistTrainingTest {

    @TempDir
    Path output;

    @Test
    void twoHundredStepsOnMnistTakeTestBitsPerDimBelowTwo() {
        Path data = SharedData.require();
        TrialConfig config = new TrialConfig(
                new DataConfig("mnist", 8, 6000, 500, data.toString()),
                new ModelConfig(2, 4, 32, ComponentChoice.of("actnorm"), ComponentChoice.of("conv1x1-lu"),
                        ComponentChoice.of("affine"), ComponentChoice.of("split-conditional"), ComponentChoice.of("logit")),
                new TrainConfig(null, 200, 64, 1e-2, 20, 50.0, 100, 500, 1));
        TrainingRun run = TrainingRun.reported("MNIST 200 steps", config, output);
        TrainingResult result = run.result();
        List<Double> trainCurve = run.trainCurve();
        List<MetricPoint> testCurve = run.testCurve();
        assertThat(trainCurve).hasSize(200);
        assertThat(testCurve).extracting(MetricPoint::step).containsExactly(100L, 200L);
        // Measured on 2026-11-29 with this exact config: 2.86 bits/dim at step 1 (7.73 without the logit) and 1.46
        // at step 200. Without the logit this model is at 3.4-3.6 after 200 steps, and no configuration of the PyTorch
        // reference gets below 2.0 before step 2,000: the flow must then learn itself to stretch the bin that
        // MNIST's background is dequantised into (BENCHMARKS.md).
        assertThat(result.finalTestBpd()).isLessThan(2.0).isLessThan(trainCurve.get(0) - 1.0);
        assertThat(testCurve.get(1).value()).isLessThan(testCurve.get(0).value());
        assertThat(result.checkpoint()).exists();
        assertThat(result.sampleGrids()).containsOnlyKeys(0.5, 0.7, 1.0);
        result.sampleGrids().values().forEach(png -> assertThat(png).exists().isNotEmptyFile());
    }
}
