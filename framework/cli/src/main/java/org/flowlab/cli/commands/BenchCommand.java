package org.flowlab.cli.commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.bytedeco.javacpp.Pointer;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.cli.Wiring;
import org.flowlab.engine.model.TrainedModel;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.OpTimer;
import org.flowlab.engine.train.SameDiffTrialTrainer;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.run.Nd4jThreads;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.spec.InvalidExperimentException;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.sweep.SweepPlanner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code flowlab bench}: trains the benchmark configuration (or an experiment's first trial) for a few steps
 * and prints measured numbers: milliseconds per step (median after warm-up, with p10/p90), training images
 * per second, sampling images per second, peak heap and peak native memory.
 */
public final class BenchCommand implements Subcommand {

    private static final int SAMPLE_COUNT = 64;
    /** Sampling is timed in its steady state, as the training step is: its first calls still warm the JIT up. */
    private static final int SAMPLE_WARMUP = 5;
    private static final int SAMPLE_REPEATS = 9;
    private static final int PROFILE_ROWS = 15;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure training and sampling speed of a small configuration (numbers for BENCHMARKS.md)";
    }

    @Override
    public String usage() {
        return "[FILE] [--set key.path=value]... [--steps N] [--warmup N] [--threads N] [--profile]"
                + "\n  without FILE: MNIST, L=2, K=8, hidden 128, batch 64, affine, conv1x1-lu, actnorm, split-conditional";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("set").hasArg().argName("key.path=value")
                        .desc("override a setting of the configuration (repeatable)").build())
                .addOption(Option.builder().longOpt("steps").hasArg().argName("N")
                        .desc("measured steps after the warm-up (default 50)").build())
                .addOption(Option.builder().longOpt("warmup").hasArg().argName("N")
                        .desc("steps run before measuring: graph building, JIT, allocator (default 10)").build())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                        .desc("ND4J threads (default: all cores)").build())
                .addOption(Option.builder().longOpt("profile")
                        .desc("also print where a measured step's time goes, per op type").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
        int steps = Arguments.positiveInt(line, "steps", 50);
        int warmup = Arguments.positiveInt(line, "warmup", 10);
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = Arguments.positiveInt(line, "threads", cores);
        List<String> overrides = new ArrayList<>(Arguments.overrides(line));
        overrides.add("train.steps=" + (warmup + steps));
        overrides.add("sweep.seeds=[1]");
        TrialConfig config;
        String source;
        try {
            Experiment experiment = line.getArgList().isEmpty()
                    ? new ExperimentLoader(Wiring.registry()).parse(builtIn(), "bench (built-in)", "bench", overrides)
                    : new ExperimentLoader(Wiring.registry()).load(Path.of(line.getArgList().get(0)), overrides);
            SweepPlan plan = new SweepPlanner(Wiring.registry()).plan(experiment);
            config = plan.trials().get(0).config();
            source = experiment.source() + (plan.trials().size() > 1 ? " (first trial: " + plan.trials().get(0).runName() + ")" : "");
        } catch (InvalidExperimentException e) {
            err.println(e.getMessage());
            return FlowLabCli.USAGE;
        }
        Nd4jThreads.limit(threads);
        if (Nd4jThreads.openMpThreads() != threads) {
            err.println("flowlab bench: OpenMP uses " + Nd4jThreads.openMpThreads() + " thread(s), not " + threads
                    + ": it is sized by OMP_NUM_THREADS before Java starts (the ./flowlab launcher sets it from --threads)");
        }
        out.println("flowlab bench: " + source);
        out.println("  " + describe(config));
        out.println("  " + cores + " cores, " + threads + " ND4J threads (OpenMP " + Nd4jThreads.openMpThreads() + "), Java "
                + System.getProperty("java.runtime.version") + ", " + Nd4j.getBackend().getClass().getSimpleName());

        MemoryWatch memory = new MemoryWatch();
        memory.start();
        List<Double> stepMillis = Collections.synchronizedList(new ArrayList<>());
        OpTimer opTimer = new OpTimer();
        long[] parameters = {0};
        String[] execution = {"?"};
        Path tmp = Files.createTempDirectory("flowlab-bench");
        try {
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onStart(long parameterCount, long totalSteps) {
                    parameters[0] = parameterCount;
                }

                @Override
                public void onExecution(String description) {
                    execution[0] = description;
                }

                @Override
                public void onMetric(MetricPoint point) {
                    if (point.name().equals("images_per_sec") && point.step() > warmup) {
                        stepMillis.add(config.train().batchSize() / point.value() * 1000);
                    }
                    // Steps warmup+1 .. last are profiled; the final evaluation and sampling are not.
                    if (point.name().equals("images_per_sec") && point.step() == warmup) {
                        opTimer.start();
                    } else if (point.name().equals("images_per_sec") && point.step() == warmup + steps) {
                        opTimer.stop();
                    }
                }
            };
            SameDiffTrialTrainer trainer = Wiring.injector().getInstance(SameDiffTrialTrainer.class);
            if (line.hasOption("profile")) {
                trainer.profileOps(opTimer);
            }
            TrainingResult result = trainer.train(config, tmp, listener);
            Sampling sampling = samplingSpeed(result.checkpoint());
            memory.stop();

            List<Double> sorted = new ArrayList<>(stepMillis);
            sorted.sort(Comparator.naturalOrder());
            double median = percentile(sorted, 0.5);
            out.println();
            out.println(String.format(Locale.ROOT, "  parameters            %,d", parameters[0]));
            out.println(String.format(Locale.ROOT, "  steps                 %d warm-up + %d measured", warmup, sorted.size()));
            out.println("  training step         " + execution[0]);
            out.println(String.format(Locale.ROOT, "  ms/step (median)      %.1f   (p10 %.1f, p90 %.1f)", median,
                    percentile(sorted, 0.1), percentile(sorted, 0.9)));
            out.println(String.format(Locale.ROOT, "  train images/s        %.1f", config.train().batchSize() / median * 1000));
            out.println("  sampling              " + sampling.execution());
            out.println(String.format(Locale.ROOT, "  sampling images/s     %.1f   (%d images at T=0.7, median of %d after %d warm-up)",
                    sampling.imagesPerSecond(), SAMPLE_COUNT, SAMPLE_REPEATS, SAMPLE_WARMUP));
            out.println(String.format(Locale.ROOT, "  peak heap             %s", mib(memory.peakHeap())));
            out.println(String.format(Locale.ROOT, "  peak resident         %s (RSS: heap + native buffers + code)",
                    mib(memory.peakPhysical())));
            out.println(String.format(Locale.ROOT, "  final train bpd       %.4f (after %d steps; a speed test, not a result)",
                    result.finalTrainBpd(), result.steps()));
            if (line.hasOption("profile")) {
                out.println();
                out.println("  where a measured step's time goes (wall time per op type, ops timed one by one):");
                opTimer.report(PROFILE_ROWS).forEach(row -> out.println("    " + row));
            }
            return FlowLabCli.OK;
        } finally {
            memory.stop();
            deleteRecursively(tmp);
        }
    }

    private record Sampling(double imagesPerSecond, String execution) {
    }

    private static Sampling samplingSpeed(Path checkpoint) throws IOException {
        TrainedModel model = TrainedModel.load(checkpoint, Wiring.registry());
        for (int i = 0; i < SAMPLE_WARMUP; i++) {
            model.samplePixels(SAMPLE_COUNT, 0.7, -1 - i); // the first call also builds and compiles the inverse graph
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < SAMPLE_REPEATS; i++) {
            long start = System.nanoTime();
            model.samplePixels(SAMPLE_COUNT, 0.7, i + 1);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        seconds.sort(Comparator.naturalOrder());
        return new Sampling(SAMPLE_COUNT / seconds.get(seconds.size() / 2), model.model().decodingExecution());
    }

    static String describe(TrialConfig c) {
        return c.data().name() + ", L=" + c.model().levels() + ", K=" + c.model().depth() + ", hidden " + c.model().hidden()
                + ", batch " + c.train().batchSize() + ", " + c.model().coupling().name() + ", "
                + c.model().permutation().name() + ", " + c.model().normalization().name() + ", "
                + c.model().prior().name();
    }

    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.round(q * (sorted.size() - 1))));
        return sorted.get(index);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    private static String builtIn() throws IOException {
        try (InputStream in = BenchCommand.class.getResourceAsStream("/org/flowlab/cli/bench.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Peaks sampled every 20 ms: heap (JVM pools) and the resident set size (ND4J's buffers live outside the heap). */
    private static final class MemoryWatch {
        private final AtomicLong peakHeap = new AtomicLong();
        private final AtomicLong peakPhysical = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-memory");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            sample();
        }

        private void sample() {
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heap += pool.getPeakUsage().getUsed();
                }
            }
            peakHeap.accumulateAndGet(heap, Math::max);
            peakPhysical.accumulateAndGet(Pointer.physicalBytes(), Math::max);
        }

        long peakHeap() {
            return peakHeap.get();
        }

        long peakPhysical() {
            return peakPhysical.get();
        }
    }
}
