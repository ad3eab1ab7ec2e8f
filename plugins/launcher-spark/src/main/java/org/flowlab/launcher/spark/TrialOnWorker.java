package org.flowlab.launcher.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.Function;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.data.DataDirectory;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.run.Nd4jThreads;
import org.flowlab.runner.run.TrialExecution;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlanner;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.Trackers;

/**
 * The Spark task: runs one trial on a worker with the same {@link TrialExecution} a local run uses, into a
 * temporary run store, and returns that trial's folder for the driver to write into the real store. The
 * worker checks its data first and returns a message instead of training when a file is missing.
 */
final class TrialOnWorker implements Function<TrialTask, TrialReturn> {

    private static Injector injector;

    private final StepCounters steps;

    TrialOnWorker(StepCounters steps) {
        this.steps = steps;
    }

    @Override
    public TrialReturn call(TrialTask task) throws Exception {
        WorkerIdentity worker = WorkerIdentity.current();
        Injector wiring = injector();
        ComponentRegistry registry = wiring.getInstance(ComponentRegistry.class);
        Experiment experiment = new ExperimentLoader(registry).parse(task.experimentText(), task.source(),
                task.experimentName(), task.overrides());
        PlannedTrial planned = new SweepPlanner(registry).plan(experiment).trials().stream()
                .filter(t -> t.trialId().equals(task.trialId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("trial " + task.trialId() + " is not in the sweep as "
                        + "planned on " + worker + ": do the driver and the workers run the same flowlab version?"));
        PlannedTrial trial = task.shippedData() == null ? planned
                : withDataDir(planned, DataShipment.unpack(task.shippedData()));
        Optional<String> missing = WorkerData.problem(trial.config().data(), worker);
        if (missing.isPresent()) {
            return TrialReturn.missing(task.trialId(), worker, missing.get());
        }
        Nd4jThreads.limit(task.threads());
        SweepInfo sweep = StoreJson.sweepInfo(StoreJson.MAPPER.readTree(task.sweepJson()));
        TrialInfo info = StoreJson.trialInfo(StoreJson.MAPPER.readTree(task.trialInfoJson()));
        ObjectNode provenance = (ObjectNode) StoreJson.MAPPER.readTree(task.provenanceJson());
        // Where it really ran: the worker's host, and Spark's name for the executor (the store's record of it).
        provenance.put("host", worker.host());
        ObjectNode launcher = provenance.putObject("launcher");
        launcher.put("name", "spark");
        launcher.put("executor", worker.executorId());
        launcher.put("host", worker.host());
        launcher.put("workDir", worker.workDir()); // the executor's folder: a standalone work dir, a YARN container
        launcher.put("dataDir", DataDirectory.resolve(trial.config().data().dataDir()).root().toString());
        Path temp = Files.createTempDirectory("flowlab-trial-");
        try {
            RunStore store = RunStore.open(temp);
            boolean live;
            // With --tracking-uri the trial logs itself live from here; the tracker is closed (its queue sent)
            // before the record goes back, so the driver's completion of the run finds everything that arrived.
            try (Tracker tracker = Trackers.forWorker(task.tracking(), store, task.attempt(), System.err)) {
                live = tracker != NoOpTracker.INSTANCE;
                new TrialExecution(store, wiring.getInstance(TrialTrainer.class), tracker, steps,
                        sweep, trial, info, provenance).run();
            }
            return new TrialReturn(task.trialId(), worker,
                    readFolder(store.trialFolder(info.experimentName(), info.trialId())), null, live);
        } finally {
            deleteRecursively(temp);
        }
    }

    /** One injector per executor JVM: plugins are found once, and every trial of the JVM shares them. */
    private static synchronized Injector injector() {
        if (injector == null) {
            injector = FlowLab.injector();
        }
        return injector;
    }

    /** Where the data lives is not part of a trial's identity, so the shipped copy changes nothing else. */
    private static PlannedTrial withDataDir(PlannedTrial trial, String dataDir) {
        TrialConfig c = trial.config();
        DataConfig d = c.data();
        TrialConfig moved = new TrialConfig(new DataConfig(d.name(), d.nBits(), d.trainSize(), d.testSize(), dataDir),
                c.model(), c.train());
        return new PlannedTrial(trial.index(), trial.trialId(), trial.runName(), trial.combination(), trial.swept(),
                trial.seed(), moved);
    }

    static Map<String, byte[]> readFolder(Path folder) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }
}
