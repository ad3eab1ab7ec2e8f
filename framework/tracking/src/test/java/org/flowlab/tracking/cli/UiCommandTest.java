package org.flowlab.tracking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.tracking.server.LocalMlflowServer;
import org.flowlab.tracking.testing.CliRun;
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.ProjectMlflow;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowlab ui}: a real local server started from the project venv, filled from the run store. */
class UiCommandTest {

    @TempDir
    Path work;

    private Long serverPid;

    @AfterEach
    void stopDetachedServer() {
        if (serverPid != null) {
            ProcessHandle.of(serverPid).ifPresent(p -> {
                List<ProcessHandle> children = p.descendants().toList();
                p.destroy();
                p.onExit().join();
                children.forEach(ProcessHandle::destroy);
            });
        }
    }

    @Test
    void startsSyncsAndServesTheRunsThroughRest() throws Exception {
        Path mlflow = ProjectMlflow.mlflow();
        Path store = work.resolve("runs");
        try (SyntheticSweep sweep = new SyntheticSweep(RunStore.open(store), NoOpTracker.INSTANCE, "ui-quickstart")) {
            sweep.runTrial(sweep.trial("reverse", "affine", 1), 20, 5, false);
            sweep.runTrial(sweep.trial("reverse", "affine", 2), 20, 5, true);
            sweep.end(TrialStatus.FAILED);
        }
        Path data = work.resolve(".flowlab/mlflow");
        UiCommand ui = new UiCommand(dir -> Optional.of(mlflow));

        CliRun run = CliRun.of(ui, "--detach", "--store", store.toString(), "--data", data.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode state = new JsonMapper().readTree(data.resolve("server.json").toFile());
        serverPid = state.path("pid").asLong();
        String uri = address(run.out());
        assertThat(uri).isEqualTo(state.path("uri").asText()).startsWith("http://127.0.0.1:");
        assertThat(Files.exists(data.resolve("mlflow.db"))).isTrue();
        assertThat(run.out()).as("progress while the server starts")
                .contains("starting MLflow " + org.flowlab.tracking.server.MlflowVersion.PINNED + " on " + uri)
                .contains("the first start creates its SQLite database, ~40 s: ").containsPattern("(\\d+ s )*ready");
        assertThat(run.out()).as("links open the run table, not the GenAI pages").containsPattern("ui-quickstart: "
                + Pattern.quote(uri) + "/#/experiments/\\d+/runs\\?workflowType=machine_learning&viewStateShareKey=");
        assertThat(run.out()).contains("stop it with `kill " + serverPid + "`");

        MirrorAssertions.assertMirrored(RunStore.open(store), "ui-quickstart", new MlflowRest(uri));

        // A second `flowlab ui` finds the running server instead of starting another.
        CliRun again = CliRun.of(ui, "--detach", "--store", store.toString(), "--data", data.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already running at " + uri).contains("sent 0 params/tags, 0 metric points")
                .as("how to stop the reused server").contains("stop it with `kill " + serverPid + "`");
        assertThat(address(again.out())).isEqualTo(uri);
    }

    @Test
    void withoutMlflowSaysHowToInstallItAndExitsTwo() {
        UiCommand ui = new UiCommand(dir -> Optional.empty());
        CliRun run = CliRun.of(ui, "--store", work.resolve("runs").toString(), "--data", work.resolve("data").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bash scripts/mlflow-env.sh").contains("pip install mlflow==");
    }

    @Test
    void rejectsABadPort() {
        CliRun run = CliRun.of(new UiCommand(dir -> Optional.empty()), "--port", "http");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port");
    }

    @Test
    void explicitPortIsUsed() throws Exception {
        Path mlflow = ProjectMlflow.mlflow();
        int port = LocalMlflowServer.freePort();
        CliRun run = CliRun.of(new UiCommand(dir -> Optional.of(mlflow)), "--detach", "--port", Integer.toString(port),
                "--store", work.resolve("none").toString(), "--data", work.resolve("data").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        serverPid = new JsonMapper().readTree(work.resolve("data/server.json").toFile()).path("pid").asLong();
        assertThat(address(run.out())).isEqualTo("http://127.0.0.1:" + port);
        assertThat(run.out()).contains("no run store at");
        assertThat(LocalMlflowServer.healthy("http://127.0.0.1:" + port)).isTrue();
    }

    private static String address(String out) {
        Matcher m = Pattern.compile("MLflow UI: (\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }
}
