package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.TrackerFactory;
import org.flowlab.tracking.server.LocalMlflowServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointAndFactoryTest {

    @TempDir
    Path runs;

    @Test
    void httpUrisAreAcceptedAndCredentialsComeFromMlflowsVariables() {
        MlflowEndpoint e = MlflowEndpoint.of("http://127.0.0.1:5000/", Map.of(
                "MLFLOW_TRACKING_USERNAME", "ada", "MLFLOW_TRACKING_PASSWORD", "secret"));
        assertThat(e.base()).isEqualTo("http://127.0.0.1:5000");
        assertThat(e.authorizationHeader()).isEqualTo("Basic YWRhOnNlY3JldA==");
        assertThat(e.toString()).doesNotContain("secret");
        assertThat(MlflowEndpoint.of("https://mlflow.example.org", Map.of("MLFLOW_TRACKING_TOKEN", "t"))
                .authorizationHeader()).isEqualTo("Bearer t");
        assertThat(MlflowEndpoint.of("http://h:1", Map.of()).authorizationHeader()).isNull();
    }

    @Test
    void localFoldersAndMissingUrisAreExplained() {
        assertThatThrownBy(() -> MlflowEndpoint.of("file:///tmp/mlruns", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flowlab ui");
        assertThatThrownBy(() -> MlflowEndpoint.of(" ", Map.of()))
                .hasMessageContaining("--tracking-uri").hasMessageContaining("MLFLOW_TRACKING_URI");
        assertThatThrownBy(() -> MlflowEndpoint.of("http://", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFactoryIsFoundByServiceLoaderAndHandlesOnlyHttp() {
        TrackerFactory factory = ServiceLoader.load(TrackerFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f instanceof MlflowTrackerFactory).findFirst().orElseThrow();
        RunStore store = RunStore.open(runs);
        assertThat(factory.create("databricks", store)).isEmpty();
        assertThatThrownBy(() -> factory.create("file:./mlruns", store)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local folder");
        assertThatThrownBy(() -> factory.create("./mlruns", store)).isInstanceOf(IllegalArgumentException.class);

        // A server that is not there yet does not stop a sweep from starting.
        String nobody = "http://127.0.0.1:" + LocalMlflowServer.freePort();
        System.setProperty("flowlab.tracking.drainTimeoutMs", "500");
        try {
            Optional<Tracker> tracker = factory.create(nobody, store);
            assertThat(tracker).get().isInstanceOf(MlflowTracker.class);
            long start = System.nanoTime();
            tracker.get().close();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        } finally {
            System.clearProperty("flowlab.tracking.drainTimeoutMs");
        }
    }

    @Test
    void syncAndUiAreDiscoveredAsSubcommands() {
        assertThat(ServiceLoader.load(Subcommand.class).stream().map(p -> p.get().name()))
                .contains("sync", "ui");
    }
}
