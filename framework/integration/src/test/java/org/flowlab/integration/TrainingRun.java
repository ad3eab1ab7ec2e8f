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

/** One training run of a trial, with every metric point it reported, for the tests that train. */
record TrainingRun(TrainingResult result, List<MetricPoint> points) {

    static TrainingRun train(TrialTrainer trainer, TrialConfig config, Path output) {
        List<MetricPoint> points = new ArrayList<>();
        TrainingResult result = trainer.train(config, output, new TrainingListener() {
            @Override
            public void onMetric(MetricPoint point) {
                points.add(point);
            }
        });
        return new TrainingRun(result, List.copyOf(points));
    }

    /** {@link #train} with the framework's trainer, printing how the run went (start, evaluations, time). */
    static TrainingRun reported(String label, TrialConfig config, Path output) {
        long start = System.nanoTime();
        TrainingRun run = train(FlowLab.injector().getInstance(TrialTrainer.class), config, output);
        System.out.printf("%s: train bpd %.3f at step 1, test bpd %s, %d params, %.1f s%n", label,
                run.trainCurve().get(0), run.testCurve().stream().map(p -> "%.3f@%d".formatted(p.value(), p.step())).toList(),
                run.result().parameterCount(), (System.nanoTime() - start) / 1e9);
        return run;
    }

    /** The values of one metric, in the order they were reported. */
    List<Double> values(String name) {
        return points.stream().filter(p -> p.name().equals(name)).map(MetricPoint::value).toList();
    }

    /** The train bits/dim of every step, in order. */
    List<Double> trainCurve() {
        return values("train/bpd");
    }

    /** The test bits/dim evaluations, in order. */
    List<MetricPoint> testCurve() {
        return points.stream().filter(p -> p.name().equals("test/bpd")).toList();
    }
}
