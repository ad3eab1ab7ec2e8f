package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small Glow trained briefly on real MNIST learns: test bits/dim falls far from where it started. */
class MnistTrainingTest {

    @TempDir
    Path output;

    @Test
    void twoHundredStepsOnMnistCutTestBitsPerDimByMoreThanThreeAndAHalfBits() {
        Path data = SharedData.require();
        TrialConfig config = new TrialConfig(
                new DataConfig("mnist", 8, 6000, 500, data.toString()),
                new ModelConfig(2, 4, 32, ComponentChoice.of("actnorm"), ComponentChoice.of("conv1x1-lu"),
                        ComponentChoice.of("affine"), ComponentChoice.of("split-conditional")),
                new TrainConfig(null, 200, 64, 1e-2, 20, 50.0, 100, 500, 1));
        List<MetricPoint> points = new ArrayList<>();
        TrainingListener collect = new TrainingListener() {
            @Override
            public void onMetric(MetricPoint point) {
                points.add(point);
            }
        };
        long start = System.nanoTime();
        TrainingResult result = FlowLab.injector().getInstance(TrialTrainer.class).train(config, output, collect);
        System.out.printf("MNIST 200 steps: test bpd %.3f, %d params, %.1f s%n", result.finalTestBpd(),
                result.parameterCount(), (System.nanoTime() - start) / 1e9);

        List<Double> trainCurve = points.stream().filter(p -> p.name().equals("train/bpd")).map(MetricPoint::value).toList();
        List<MetricPoint> testCurve = points.stream().filter(p -> p.name().equals("test/bpd")).toList();
        assertThat(trainCurve).hasSize(200);
        assertThat(testCurve).extracting(MetricPoint::step).containsExactly(100L, 200L);
        // Measured on 2026-11-23 with this exact config: 7.73 bits/dim at step 1; test bits/dim at step 200 of
        // 3.491, 3.410 and 3.606 after three engine changes that only reorder float rounding: this early the
        // curve is spiky (BENCHMARKS.md), so the bound leaves that much room.
        // The target (< 2.0 within a few hundred steps) is not reached by any of 11 configurations of the
        // PyTorch reference (2.75-5.0 at step 500); the first seen below 2.0 needed ~2,500 steps (BENCHMARKS.md).
        assertThat(result.finalTestBpd()).isLessThan(4.0).isLessThan(trainCurve.get(0) - 3.5);
        assertThat(testCurve.get(1).value()).isLessThan(testCurve.get(0).value());
        assertThat(result.checkpoint()).exists();
        assertThat(result.sampleGrids()).containsOnlyKeys(0.5, 0.7, 1.0);
        result.sampleGrids().values().forEach(png -> assertThat(png).exists().isNotEmptyFile());
    }
}
