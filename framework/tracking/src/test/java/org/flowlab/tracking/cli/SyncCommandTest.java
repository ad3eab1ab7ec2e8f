package org.flowlab.tracking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.tracking.server.LocalMlflowServer;
import org.flowlab.tracking.testing.CliRun;
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowlab sync} from a run store that never saw a server, against a fresh one. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncCommandTest {

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    static Path runs;

    @BeforeAll
    static void runTwoInvocationsOffline() {
        RunStore store = RunStore.open(runs);
        NoOpTracker none = NoOpTracker.INSTANCE;
        try (SyntheticSweep sweep = new SyntheticSweep(store, none, "offline")) {
            for (String coupling : List.of("additive", "affine")) {
                for (long seed = 1; seed <= 2; seed++) {
                    sweep.runTrial(sweep.trial("conv1x1-lu", coupling, seed), 50, 10, coupling.equals("additive") && seed == 2);
                }
            }
            sweep.end(TrialStatus.FAILED);
        }
        // A resume: the failed trial runs again under a second invocation.
        try (SyntheticSweep sweep = new SyntheticSweep(store, none, "offline")) {
            sweep.runTrial(sweep.trial("conv1x1-lu", "additive", 2), 50, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }
        try (SyntheticSweep sweep = new SyntheticSweep(store, none, "other-experiment")) {
            sweep.runTrial(sweep.trial("reverse", "additive", 1), 5, 5, false);
            sweep.end(TrialStatus.FINISHED);
        }
    }

    @Test
    @Order(1)
    void syncTwiceSendsEachRunParamAndMetricPointExactlyOnce() {
        CliRun first = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString(),
                "--experiment", "offline");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("6 run(s) (6 new)"); // 2 parents + 4 trials
        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        RunStore store = RunStore.open(runs);
        MirrorAssertions.assertMirrored(store, "offline", rest);
        Map<String, Integer> before = pointCounts(rest);

        CliRun second = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString(),
                "--experiment", "offline");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(first.err() + second.err()).as("no warnings").isEmpty();
        assertThat(second.out()).contains("6 run(s) (0 new): sent 0 params/tags, 0 metric points, 0 statuses, 0 artifacts");
        MirrorAssertions.assertMirrored(store, "offline", rest);
        assertThat(rest.runsOfExperiment("offline")).hasSize(6);
        assertThat(pointCounts(rest)).isEqualTo(before);
        assertThat(rest.experiment("other-experiment")).as("--experiment limits the sync").isEmpty();
    }

    @Test
    @Order(2)
    void syncWithoutFilterMirrorsEveryExperiment() {
        CliRun run = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        MirrorAssertions.assertMirrored(RunStore.open(runs), "other-experiment", new MlflowRest(MLFLOW.uri()));
    }

    @Test
    void usageErrorsExitTwoWithAReason() {
        CliRun noStore = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.resolve("nope").toString());
        assertThat(noStore.exitCode()).isEqualTo(2);
        assertThat(noStore.err()).contains("no run store at");

        CliRun fileUri = CliRun.of(new SyncCommand(), "--tracking-uri", "file:./mlruns", "--store", runs.toString());
        assertThat(fileUri.exitCode()).isEqualTo(2);
        assertThat(fileUri.err()).contains("is not http(s)://HOST:PORT").contains("flowlab ui");
    }

    @Test
    void unreachableServerSendsNothingAndSaysSo() {
        String nobody = "http://127.0.0.1:" + LocalMlflowServer.freePort();
        CliRun run = CliRun.of(new SyncCommand(), "--tracking-uri", nobody, "--store", runs.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("does not answer").contains("run sync again");
    }

    @Test
    void aRealMlflowServerPassesTheCheckThatRefusesOtherServers() {
        org.flowlab.tracking.mlflow.MlflowEndpoint endpoint = org.flowlab.tracking.mlflow.MlflowEndpoint.of(MLFLOW.uri());
        org.flowlab.tracking.mlflow.ServerCheck check = org.flowlab.tracking.mlflow.ServerCheck.of(endpoint,
                org.flowlab.tracking.mlflow.TrackingSettings.DEFAULTS);
        assertThat(check.kind()).as(check.detail()).isEqualTo(org.flowlab.tracking.mlflow.ServerCheck.Kind.MLFLOW);
        assertThat(check.problem(endpoint)).isNull();
    }

    private static Map<String, Integer> pointCounts(MlflowRest rest) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode run : rest.runsOfExperiment("offline")) {
            for (String key : MlflowRest.metricKeys(run)) {
                counts.put(MlflowRest.runId(run) + "/" + key, rest.history(MlflowRest.runId(run), key).size());
            }
        }
        return counts;
    }
}
