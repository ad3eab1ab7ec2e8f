package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.io.Checkpoint;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.evalImages}: the evaluations along the curve use the first N test images, the last one the whole
 * test split. Evaluation draws no training randomness, so the same trial with and without the subset trains
 * identically and only the curve's intermediate points differ.
 */
class EvaluationSubsetTest {

    @TempDir
    Path output;

    private final TrialTrainer trainer = FlowLab.injector().getInstance(TrialTrainer.class);

    private static TrialConfig synthetic(Integer evalImages) {
        return new TrialConfig(new DataConfig("synthetic", 8, 256, 64, null),
                new ModelConfig(1, 1, 8, ComponentChoice.of("actnorm"), ComponentChoice.of("reverse"),
                        ComponentChoice.of("additive"), ComponentChoice.of("standard-normal")),
                new TrainConfig(null, 8, 16, 2e-3, 2, 50.0, 2, 64, 3, 0.0, evalImages));
    }

    private List<MetricPoint> testCurve(TrialConfig config, String folder) {
        List<MetricPoint> curve = new ArrayList<>();
        TrainingResult result = trainer.train(config, output.resolve(folder), new TrainingListener() {
            @Override
            public void onMetric(MetricPoint point) {
                if (point.name().equals("test/bpd")) {
                    curve.add(point);
                }
            }
        });
        assertThat(curve.get(curve.size() - 1).value()).isEqualTo(result.finalTestBpd());
        return curve;
    }

    @Test
    void theCurveUsesTheSubsetAndTheLastPointTheWholeTestSplit() throws Exception {
        List<MetricPoint> whole = testCurve(synthetic(null), "whole");
        List<MetricPoint> subset = testCurve(synthetic(16), "subset");
        List<MetricPoint> allOfIt = testCurve(synthetic(64), "all");

        assertThat(subset).extracting(MetricPoint::step).containsExactly(2L, 4L, 6L, 8L);
        assertThat(subset.get(3).value()).as("the last point: the whole split").isEqualTo(whole.get(3).value());
        for (int i = 0; i < 3; i++) {
            assertThat(subset.get(i).value()).as("step %d: 16 of 64 images", subset.get(i).step())
                    .isNotEqualTo(whole.get(i).value());
            assertThat(allOfIt.get(i).value()).as("a subset as large as the split is the split")
                    .isEqualTo(whole.get(i).value());
        }
        assertThat(Checkpoint.read(output.resolve("subset/checkpoint.zip")).config().train().evalImages()).isEqualTo(16);
    }
}
