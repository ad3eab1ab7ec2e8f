package org.flowlab.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.NonFiniteLossException;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;

/**
 * A trainer without a model: a deterministic bits/dim curve per config (so summaries can be checked by
 * hand), a checkpoint and sample grid files, and failures on demand.
 * Final test bpd = 2.0 + 0.1 × (index of the permutation name in {reverse, shuffle, conv1x1, conv1x1-lu})
 *                  + 0.01 × seed.
 */
public final class FakeTrainer implements TrialTrainer {

    public static final String[] PERMUTATIONS = {"reverse", "shuffle", "conv1x1", "conv1x1-lu"};

    private final Predicate<TrialConfig> nanAt3;
    private final Predicate<TrialConfig> crash;
    private final long stepMillis;

    public FakeTrainer(Predicate<TrialConfig> nanAt3, Predicate<TrialConfig> crash, long stepMillis) {
        this.nanAt3 = nanAt3;
        this.crash = crash;
        this.stepMillis = stepMillis;
    }

    public static FakeTrainer succeeding() {
        return new FakeTrainer(c -> false, c -> false, 0);
    }

    public static double finalTestBpd(String permutation, long seed) {
        return 2.0 + 0.1 * java.util.Arrays.asList(PERMUTATIONS).indexOf(permutation) + 0.01 * seed;
    }

    @Override
    public TrainingResult train(TrialConfig config, Path outputDir, TrainingListener listener) {
        long steps = config.train().steps() != null ? config.train().steps() : 10L * config.train().epochs();
        listener.onStart(1234, steps);
        if (crash.test(config)) {
            throw new IllegalStateException("dataset exploded", new java.io.IOException("disk on fire"));
        }
        double target = finalTestBpd(config.model().permutation().name(), config.seed());
        for (long step = 1; step <= steps; step++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("trial interrupted at step " + step);
            }
            if (nanAt3.test(config) && step == 3) {
                throw new NonFiniteLossException(step, Double.NaN);
            }
            double bpd = target + 1.0 / step;
            listener.onMetric(new MetricPoint("train/bpd", step, bpd, System.currentTimeMillis()));
            listener.onMetric(new MetricPoint("lr", step, 1e-3, System.currentTimeMillis()));
            if (step % config.train().evalEvery() == 0 && step != steps) {
                listener.onMetric(new MetricPoint("test/bpd", step, bpd + 0.05, System.currentTimeMillis()));
            }
            sleep();
        }
        listener.onMetric(new MetricPoint("test/bpd", steps, target, System.currentTimeMillis()));
        try {
            Path checkpoint = Files.writeString(outputDir.resolve("checkpoint.zip"), "weights of " + config.seed());
            Map<Double, Path> grids = new LinkedHashMap<>();
            for (double t : new double[] {0.5, 1.0}) {
                grids.put(t, Files.writeString(outputDir.resolve("samples_T" + t + ".png"), "png"));
            }
            return new TrainingResult(target, target + 0.1, 1234, steps, Duration.ofMillis(1500), checkpoint, grids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sleep() {
        if (stepMillis > 0) {
            try {
                Thread.sleep(stepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
