package org.flowlab.tracking.testing;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.ExperimentLock;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.SweepRecorder;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.store.TrialRecorder;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.Tracker;

/**
 * Plays a quickstart-shaped sweep (permutation × coupling × seeds) through the real run store and a
 * {@link Tracker} in the order the runner uses — the store first, then the tracker — with synthetic curves
 * instead of training, so tracking tests take seconds. Metric names, artifact layout and tags follow the
 * runner's conventions (train/bpd, test/bpd, lr, grad_norm, images_per_sec; samples/, checkpoint/).
 */
public final class SyntheticSweep implements AutoCloseable {

    public static final List<String> METRICS = List.of("train/bpd", "lr", "grad_norm", "images_per_sec");
    public static final double[] TEMPERATURES = {0.5, 0.7, 1.0};

    private final RunStore store;
    private final Tracker tracker;
    private final SweepInfo sweep;
    private final ExperimentLock lock;
    private final SweepRecorder recorder;
    private final List<String> trialIds = new ArrayList<>();
    private long clock;

    public SyntheticSweep(RunStore store, Tracker tracker, String experiment) {
        this.store = store;
        this.tracker = tracker;
        this.sweep = new SweepInfo(Instant.now().toString().replace(':', '-') + "-" + UUID.randomUUID().toString().substring(0, 6),
                experiment, "synthetic " + experiment, Instant.now(),
                Map.of("git.commit", "0123abcd", "flowlab.version", "0.1.0-SNAPSHOT", "host", "test-host",
                        "java.version", System.getProperty("java.version")));
        this.lock = store.lock(experiment);
        this.recorder = store.startSweep(sweep);
        this.clock = System.currentTimeMillis();
        tracker.sweepStarted(sweep);
    }

    public SweepInfo info() {
        return sweep;
    }

    /** A trial as the runner resolves it: flattened params, provenance tags, the config hash as id. */
    public TrialInfo trial(String permutation, String coupling, long seed) {
        Map<String, String> params = new TreeMap<>();
        params.put("dataset.name", "synthetic");
        params.put("dataset.nBits", "5");
        params.put("model.levels", "2");
        params.put("model.depth", "2");
        params.put("model.hidden", "16");
        params.put("model.permutation", permutation);
        params.put("model.coupling", coupling);
        params.put("model.prior", "split-conditional");
        params.put("model.normalization", "actnorm");
        params.put("train.lr", "0.001");
        params.put("train.batchSize", "16");
        params.put("train.warmupSteps", "10");
        params.put("train.seed", Long.toString(seed));
        params.put("train.evalEvery", "5");
        String trialId = hash(params.toString());
        Map<String, String> tags = new LinkedHashMap<>(); // provenance only: the config is in the params
        tags.put("git.commit", "0123abcd");
        tags.put("flowlab.version", "0.1.0-SNAPSHOT");
        return new TrialInfo(trialId, sweep.sweepId(), sweep.experimentName(), permutation + "/" + coupling + "/s" + seed,
                seed, params, tags);
    }

    /**
     * Runs one trial: {@code steps} optimiser steps, metrics delivered {@code perCall} points at a time; a
     * failing trial ends with a NaN loss and FAILED.
     *
     * @return the points recorded
     */
    public List<MetricPoint> runTrial(TrialInfo trial, int steps, int perCall, boolean fail) {
        trialIds.add(trial.trialId());
        ObjectNode config = JsonMapper.builder().build().createObjectNode();
        trial.params().forEach(config::put);
        List<MetricPoint> points = new ArrayList<>();
        try (TrialRecorder rec = store.startTrial(trial, config, config.deepCopy().put("host", "test-host"))) {
            tracker.trialStarted(sweep, trial);
            tracker.artifact(sweep, trial, rec.folder().resolve("config.json"), "");
            tracker.artifact(sweep, trial, rec.folder().resolve("provenance.json"), "");
            rec.started(12_345, steps);
            Random random = new Random(trial.seed() * 31 + trial.trialId().hashCode());
            List<MetricPoint> pending = new ArrayList<>();
            for (int step = 1; step <= steps; step++) {
                long t = ++clock;
                double bpd = 8.0 / Math.sqrt(step) + 1.0 + 0.05 * random.nextGaussian();
                if (fail && step == steps) {
                    bpd = Double.NaN;
                }
                pending.add(new MetricPoint("train/bpd", step, bpd, t));
                pending.add(new MetricPoint("lr", step, 1e-3 * Math.min(1.0, step / 10.0), t));
                pending.add(new MetricPoint("grad_norm", step, 1.0 / step + random.nextDouble(), t));
                pending.add(new MetricPoint("images_per_sec", step, 500 + 10 * random.nextGaussian(), t));
                if (step % 5 == 0 && !(fail && step == steps)) {
                    pending.add(new MetricPoint("test/bpd", step, bpd + 0.1, t));
                }
                if (pending.size() >= perCall || step == steps) {
                    pending.forEach(rec::metric);
                    tracker.metrics(trial, List.copyOf(pending));
                    points.addAll(pending);
                    pending.clear();
                }
            }
            if (fail) {
                rec.failed("non-finite loss (NaN) at step " + steps);
                tracker.trialEnded(trial, TrialStatus.FAILED, "non-finite loss (NaN) at step " + steps);
                return points;
            }
            Path output = rec.outputDir();
            for (double temperature : TEMPERATURES) {
                Path png = output.resolve("samples-t" + temperature + ".png");
                writePng(png, random);
                register(rec.artifact(png, "samples"), trial);
            }
            Path checkpoint = output.resolve("checkpoint.zip");
            byte[] weights = new byte[150_000];
            random.nextBytes(weights);
            write(checkpoint, weights);
            register(rec.artifact(checkpoint, "checkpoint"), trial);
            double last = points.stream().filter(p -> p.name().equals("test/bpd")).mapToDouble(MetricPoint::value)
                    .reduce((a, b) -> b).orElse(Double.NaN);
            rec.finished(new TrialOutcome(last, last - 0.1, 12_345, steps, 1.5));
            tracker.trialEnded(trial, TrialStatus.FINISHED, null);
        }
        return points;
    }

    private void register(StoredArtifact artifact, TrialInfo trial) {
        tracker.artifact(sweep, trial, artifact.file(), artifact.artifactPath());
    }

    /** Writes the summary files, ends the sweep in the store, then tells the tracker. */
    public void end(TrialStatus status) {
        recorder.plannedTrials(trialIds, List.of());
        Path summary = recorder.folder().resolve("summary.md");
        write(summary, ("| combination | test bpd |\n|---|---|\n| synthetic | 1.0 ± 0.1 |\n").getBytes(StandardCharsets.UTF_8));
        tracker.artifact(sweep, null, recorder.artifact(summary, "").file(), "");
        Path chart = recorder.folder().resolve("bpd-curves.png");
        writePng(chart, new Random(7));
        tracker.artifact(sweep, null, recorder.artifact(chart, "").file(), "");
        recorder.end(status, status == TrialStatus.FAILED ? "1 trial failed" : null);
        tracker.sweepEnded(sweep, status);
    }

    @Override
    public void close() {
        recorder.close();
        lock.close();
    }

    private static void writePng(Path file, Random random) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int v = random.nextInt(256);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
