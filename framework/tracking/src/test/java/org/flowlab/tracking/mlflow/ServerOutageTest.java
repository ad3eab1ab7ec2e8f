package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.tracking.cli.SyncCommand;
import org.flowlab.tracking.testing.CliRun;
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The MLflow server goes away in the middle of a sweep: training goes on, and nothing is lost. */
class ServerOutageTest {

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    Path runs;

    private final List<String> console = new CopyOnWriteArrayList<>();

    /** Quick back-off so the test does not wait long for the restarted server to be noticed. */
    private static final TrackingSettings FAST = TrackingSettings.DEFAULTS
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void serverStoppedAndRestartedMidSweepEndsWithEveryMetricOnTheServer() {
        RunStore store = RunStore.open(runs);
        // A small queue: during the outage it overflows, so both paths are used — events queued and retried
        // when the server is back, and events dropped from the queue that the end-of-sweep catch-up delivers.
        MlflowTracker tracker = new MlflowTracker(MlflowEndpoint.of(MLFLOW.uri(), Map.of()), FAST.withQueueCapacity(64),
                store, console::add);
        try (SyntheticSweep sweep = new SyntheticSweep(store, tracker, "outage")) {
            sweep.runTrial(sweep.trial("reverse", "affine", 1), 30, 4, false);

            MLFLOW.stop();
            long start = System.nanoTime();
            sweep.runTrial(sweep.trial("reverse", "affine", 2), 60, 1, false);
            sweep.runTrial(sweep.trial("shuffle", "affine", 1), 20, 1, true);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("trials while the server is down do not wait for it").isLessThan(5_000);

            MLFLOW.restart();
            sweep.runTrial(sweep.trial("shuffle", "affine", 2), 30, 4, false);
            sweep.end(TrialStatus.FAILED);
        }
        tracker.close();

        assertThat(console).anyMatch(line -> line.contains("unreachable"));
        assertThat(tracker.droppedEvents()).as("the outage overflowed the queue").isPositive();
        assertThat(tracker.undeliveredSweeps()).as("console: %s", console).isEmpty();
        MirrorAssertions.assertMirrored(store, "outage", new MlflowRest(MLFLOW.uri()));
    }

    @Test
    void serverStillDownAtTheEndLeavesTheRestForSync() {
        RunStore store = RunStore.open(runs);
        MlflowTracker tracker = new MlflowTracker(MlflowEndpoint.of(MLFLOW.uri(), Map.of()),
                FAST.withDrainTimeout(Duration.ofSeconds(3)), store, console::add);
        try (SyntheticSweep sweep = new SyntheticSweep(store, tracker, "outage-to-the-end")) {
            sweep.runTrial(sweep.trial("conv1x1", "additive", 1), 20, 5, false);
            MLFLOW.stop();
            sweep.runTrial(sweep.trial("conv1x1", "additive", 2), 20, 5, false);
            sweep.end(TrialStatus.FINISHED);
        }
        long start = System.nanoTime();
        tracker.close();
        assertThat((System.nanoTime() - start) / 1_000_000).as("close gives up after its drain time")
                .isLessThan(15_000);
        assertThat(tracker.undeliveredSweeps()).hasSize(1);
        assertThat(console).anyMatch(line -> line.contains("flowlab sync --tracking-uri " + MLFLOW.uri()));

        MLFLOW.restart();
        CliRun first = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        MirrorAssertions.assertMirrored(store, "outage-to-the-end", new MlflowRest(MLFLOW.uri()));

        CliRun second = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("sent 0 params/tags, 0 metric points, 0 statuses, 0 artifacts");
    }
}
