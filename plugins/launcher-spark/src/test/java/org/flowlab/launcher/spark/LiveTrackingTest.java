package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --tracking-uri}, the workers log their trials to a real MLflow server while they train (the driver's
 * store receives a trial only when its task returns), and the driver then completes those same runs from its
 * store instead of mirroring the trial again: one run per trial, equal to the store.
 */
class LiveTrackingTest {

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    Path folder;

    @Test
    void workersLogTheirTrialsLiveAndTheDriverCompletesTheSameRuns() throws Exception {
        Path file = TinySweep.write(folder, "live", 2, 80, "");
        Path store = folder.resolve("runs");
        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        CompletableFuture<Cli.Result> sweep = CompletableFuture.supplyAsync(() -> Cli.run("run", file.toString(),
                "--store", store.toString(), "--launcher", "spark", "--master", "local[2]", "--tracking-uri", MLFLOW.uri()));

        // trial id → its run, seen RUNNING with points in MLflow while the driver's store had no record of the trial
        Map<String, String> seenLive = new TreeMap<>();
        while (!sweep.isDone()) {
            for (JsonNode run : rest.runsOfExperiment("live")) {
                String trialId = MlflowRest.tag(run, "flowlab.trialId");
                if ("trial".equals(MlflowRest.tag(run, "flowlab.kind")) && "RUNNING".equals(MlflowRest.status(run))
                        && !MlflowRest.metricKeys(run).isEmpty() && !finishedIn(store, trialId)) {
                    seenLive.putIfAbsent(trialId, MlflowRest.runId(run));
                }
            }
            Thread.sleep(100);
        }
        Cli.Result result = sweep.get(1, TimeUnit.SECONDS);

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(result.out()).contains("the workers log each trial to " + MLFLOW.uri() + " as it runs");
        TinySweep.assertComplete(store, "live", 2, 80);
        assertThat(seenLive).as("trials MLflow showed training before the driver had them").isNotEmpty();
        MirrorAssertions.assertMirrored(RunStore.open(store), "live", rest);
        // The driver completed the workers' runs: the run seen live is the trial's run now, not a replacement.
        for (JsonNode run : rest.runsOfExperiment("live")) {
            String trialId = MlflowRest.tag(run, "flowlab.trialId");
            if (trialId != null && seenLive.containsKey(trialId)) {
                assertThat(MlflowRest.runId(run)).as("run of trial " + trialId).isEqualTo(seenLive.get(trialId));
            }
        }
        assertThat(rest.deletedRuns("live")).as("runs replaced or deleted").isEmpty();
    }

    private static boolean finishedIn(Path store, String trialId) {
        return RunStore.open(store).trial("live", trialId).map(StoredTrial::status)
                .filter(s -> s != TrialStatus.RUNNING).isPresent();
    }
}
