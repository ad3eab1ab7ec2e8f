package org.flowlab.integration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;

/** One short training run of a real dataset, with every metric point it reported, for the learning tests. */
record BriefTraining(TrainingResult result, List<MetricPoint> points) {

    static BriefTraining run(String label, TrialConfig config, Path output) {
        List<MetricPoint> points = new ArrayList<>();
        TrainingListener collect = new TrainingListener() {
            @Override
            public void onMetric(MetricPoint point) {
                points.add(point);
            }
        };
        long start = System.nanoTime();
        TrainingResult result = FlowLab.injector().getInstance(TrialTrainer.class).train(config, output, collect);
        BriefTraining run = new BriefTraining(result, List.copyOf(points));
        System.out.printf("%s: train bpd %.3f at step 1, test bpd %s, %d params, %.1f s%n", label,
                run.trainCurve().get(0), run.testCurve().stream().map(p -> "%.3f@%d".formatted(p.value(), p.step())).toList(),
                result.parameterCount(), (System.nanoTime() - start) / 1e9);
        return run;
    }

    /** The train bits/dim of every step, in order. */
    List<Double> trainCurve() {
        return points.stream().filter(p -> p.name().equals("train/bpd")).map(MetricPoint::value).toList();
    }

    /** The test bits/dim evaluations, in order. */
    List<MetricPoint> testCurve() {
        return points.stream().filter(p -> p.name().equals("test/bpd")).toList();
    }
}
