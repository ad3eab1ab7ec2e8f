package org.flowlab.runner.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.engine.train.NonFiniteLossException;
import org.flowlab.engine.train.TrainingListener;
import org.flowlab.engine.train.TrainingResult;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.store.TrialRecorder;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.sweep.ConfigJson;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.tracking.Tracker;

/**
 * Runs one trial in isolation: whatever it throws (an exception, a NaN loss, an out-of-memory error) ends
 * this trial as FAILED with the reason and a stack trace in {@code error.txt}, never the sweep. Every event is
 * written to the run store first, then handed to the tracker.
 */
public final class TrialExecution {

    private static final int TRACKER_BATCH = 500;
    private static final long TRACKER_FLUSH_MILLIS = 2_000;

    private final RunStore store;
    private final TrialTrainer trainer;
    private final Tracker tracker;
    private final SweepProgress progress;
    private final SweepInfo sweep;
    private final PlannedTrial trial;
    private final TrialInfo info;
    private final ObjectNode provenance;

    public TrialExecution(RunStore store, TrialTrainer trainer, Tracker tracker, SweepProgress progress, SweepInfo sweep,
                   PlannedTrial trial, TrialInfo info, ObjectNode provenance) {
        this.store = store;
        this.trainer = trainer;
        this.tracker = tracker;
        this.progress = progress;
        this.sweep = sweep;
        this.trial = trial;
        this.info = info;
        this.provenance = provenance;
    }

    /** @return true when the trial finished */
    public boolean run() {
        try {
            return runRecorded();
        } finally {
            releaseNativeMemory();
        }
    }

    /**
     * A finished trial's model is garbage, but ND4J frees its native buffers only when the GC collects their
     * Java handles, and SameDiff keeps per-thread workspaces: without this, the resident memory of a long
     * sweep grows trial after trial (and later trials slow down) although the heap looks idle.
     */
    private static void releaseNativeMemory() {
        try {
            org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        } catch (RuntimeException | LinkageError e) {
            // no backend loaded (a test trainer): nothing to free
        }
        System.gc();
    }

    private boolean runRecorded() {
        try (TrialRecorder recorder = store.startTrial(info, ConfigJson.toJson(trial.config()), provenanceOf())) {
            progress.trialStarted(trial, recorder.attempt());
            tracker.trialStarted(sweep, info);
            tracker.artifact(sweep, info, recorder.folder().resolve("config.json"), "");
            tracker.artifact(sweep, info, recorder.folder().resolve("provenance.json"), "");
            Listener listener = new Listener(recorder);
            try {
                TrainingResult result = trainer.train(trial.config(), recorder.outputDir(), listener);
                listener.flush();
                List<StoredArtifact> artifacts = new ArrayList<>();
                if (result.checkpoint() != null && Files.exists(result.checkpoint())) {
                    artifacts.add(recorder.artifact(result.checkpoint(), "checkpoint"));
                }
                for (Map.Entry<Double, Path> grid : result.sampleGrids().entrySet()) {
                    if (Files.exists(grid.getValue())) {
                        artifacts.add(recorder.artifact(grid.getValue(), "samples"));
                    }
                }
                if (result.classGrid() != null && Files.exists(result.classGrid())) {
                    artifacts.add(recorder.artifact(result.classGrid(), "samples"));
                }
                TrialOutcome outcome = new TrialOutcome(result.finalTestBpd(), result.finalTrainBpd(),
                        result.parameterCount(), result.steps(), result.elapsed().toMillis() / 1000.0);
                recorder.finished(outcome);
                artifacts.forEach(a -> tracker.artifact(sweep, info, a.file(), a.artifactPath()));
                tracker.trialEnded(info, TrialStatus.FINISHED, null);
                progress.trialFinished(trial, outcome);
                return true;
            } catch (Throwable failure) {
                if (failure instanceof VirtualMachineError vm && !(failure instanceof OutOfMemoryError)) {
                    throw vm; // internal JVM errors leave nothing worth continuing with
                }
                // Stopped by Ctrl-C: clear the flag so that recording the end is not itself interrupted.
                boolean interrupted = Thread.interrupted();
                listener.flush();
                String reason = reason(failure);
                Path errorFile = writeStackTrace(recorder.folder(), failure);
                if (errorFile != null) {
                    StoredArtifact error = recorder.artifact(errorFile, "");
                    tracker.artifact(sweep, info, error.file(), error.artifactPath());
                }
                recorder.failed(reason);
                tracker.trialEnded(info, TrialStatus.FAILED, reason);
                progress.trialFailed(trial, reason);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
        }
    }

    private ObjectNode provenanceOf() {
        ObjectNode node = provenance.deepCopy();
        node.put("trialId", trial.trialId());
        node.put("runName", trial.runName());
        node.put("seed", trial.seed());
        node.put("sweepId", sweep.sweepId());
        return node;
    }

    /** One line that says what went wrong; the stack trace goes to error.txt. */
    static String reason(Throwable failure) {
        if (failure instanceof NonFiniteLossException) {
            return failure.getMessage();
        }
        if (failure instanceof CancellationException || failure instanceof InterruptedException) {
            return "interrupted: " + (failure.getMessage() == null ? "the sweep was stopped" : failure.getMessage());
        }
        StringBuilder text = new StringBuilder(describe(failure));
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure) {
            text.append(" (caused by ").append(describe(root)).append(')');
        }
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text.toString();
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static Path writeStackTrace(Path folder, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        Path file = folder.resolve("error.txt");
        try {
            Files.writeString(file, trace.toString());
            return file;
        } catch (IOException e) {
            return null;
        }
    }

    /** Store first, then tracker in batches (the store is the source of truth; the tracker may be slow). */
    private final class Listener implements TrainingListener {

        private final TrialRecorder recorder;
        private final List<MetricPoint> pending = new ArrayList<>();
        private long lastFlush = System.currentTimeMillis();

        Listener(TrialRecorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void onStart(long parameterCount, long totalSteps) {
            recorder.started(parameterCount, totalSteps);
            progress.trialSteps(trial, totalSteps);
        }

        @Override
        public void onMetric(MetricPoint point) {
            recorder.metric(point);
            pending.add(point);
            if (point.name().equals("train/bpd")) {
                progress.trialStep(trial, point.step(), point.value());
            }
            if (pending.size() >= TRACKER_BATCH || point.name().equals("test/bpd")
                    || System.currentTimeMillis() - lastFlush >= TRACKER_FLUSH_MILLIS) {
                flush();
            }
        }

        void flush() {
            if (!pending.isEmpty()) {
                tracker.metrics(info, List.copyOf(pending));
                pending.clear();
            }
            lastFlush = System.currentTimeMillis();
        }
    }
}
