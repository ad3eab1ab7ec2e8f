package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.WorkerTracking;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker a cluster worker makes for its trial ({@link MlflowTrackerFactory#createForWorker}) when the server
 * cannot be reached from the worker: training never waits for it, and at the trial's end it gives up within the
 * bound the README states, leaving the trial to the driver (which receives its record and sends it).
 */
class WorkerTrackerTest {

    @TempDir
    Path folder;

    @Test
    void aServerTheWorkerCannotReachCostsTheTrialAtMostTheWorkerDrainAtItsEnd() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once it is closed
        }
        String uri = "http://127.0.0.1:" + closedPort;
        RunStore workerStore = RunStore.open(folder.resolve("worker"));
        SyntheticSweep names = new SyntheticSweep(RunStore.open(folder.resolve("driver")), NoOpTracker.INSTANCE, "unreached");
        var trial = names.trial("reverse", "affine", 1);

        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream realErr = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)); // the worker's stderr
        Tracker tracker = new MlflowTrackerFactory().createForWorker(new WorkerTracking(uri, Map.of()), workerStore, 2)
                .orElseThrow();
        assertThat(tracker.forWorkers()).as("a worker's tracker hands nothing further on").isEmpty();
        long start = System.nanoTime();
        tracker.trialStarted(names.info(), trial);
        for (int step = 1; step <= 200; step++) {
            tracker.metrics(trial, List.of(new MetricPoint("train/bpd", step, 8.0 / step, System.currentTimeMillis())));
        }
        tracker.trialEnded(trial, TrialStatus.FINISHED, null);
        long enqueued = (System.nanoTime() - start) / 1_000_000;
        try {
            tracker.close();
        } finally {
            System.setErr(realErr);
        }
        long closed = (System.nanoTime() - start) / 1_000_000;
        names.close();

        assertThat(enqueued).as("training does not wait for the server").isLessThan(1_000);
        assertThat(closed).as("the trial's end waits at most the worker drain (10 s) and one connect (5 s)")
                .isLessThan(MlflowTrackerFactory.WORKER_DRAIN.toMillis() + 5_000 + 1_000);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("not everything of this trial reached " + uri, "the driver sends the rest");
    }
}
