package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.tracking.TrackerFactory;
import org.flowlab.tracking.cli.SyncCommand;
import org.flowlab.tracking.server.LocalMlflowServer;
import org.flowlab.tracking.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracking URI that answers but is not MLflow is told apart, in seconds, from one where nothing answers
 * yet. The servers here are the JDK's HTTP server answering as a web server, a web app or a proxy would;
 * that a real MLflow server passes the same check is shown in {@code SyncCommandTest} against the real one.
 */
class ServerCheckTest {

    private static final TrackingSettings QUICK = new TrackingSettings(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofMillis(10), Duration.ofMillis(10), 3, 100, Duration.ofSeconds(1));

    @TempDir
    Path folder;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers every request with the given status, content type and body. */
    private MlflowEndpoint serving(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return MlflowEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort(), Map.of());
    }

    @Test
    void aWebServerThatAnswers404IsNotMlflow() throws IOException {
        MlflowEndpoint endpoint = serving(404, "text/html; charset=utf-8", "<html><body>Not Found</body></html>");
        ServerCheck check = ServerCheck.of(endpoint, QUICK);
        assertThat(check.kind()).isEqualTo(ServerCheck.Kind.NOT_MLFLOW);
        assertThat(check.problem(endpoint)).isEqualTo(endpoint + " answers but is not an MLflow tracking server (GET "
                + "/api/2.0/mlflow/experiments/search returned 404 text/html); give the address of an MLflow server, "
                + "e.g. http://127.0.0.1:5000 (`flowlab ui` starts one)");
    }

    @Test
    void aWebAppThatAnswersEveryPathWithItsPageIsNotMlflow() throws IOException {
        MlflowEndpoint endpoint = serving(200, "text/html", "<!doctype html><title>Jupyter</title>");
        assertThat(ServerCheck.of(endpoint, QUICK).detail())
                .isEqualTo("GET /api/2.0/mlflow/experiments/search returned 200 text/html");
        MlflowEndpoint otherJson = serving(200, "application/json", "[1, 2, 3]");
        assertThat(ServerCheck.of(otherJson, QUICK).kind()).isEqualTo(ServerCheck.Kind.NOT_MLFLOW);
    }

    @Test
    void mlflowsOwnAnswersAndErrorsCountAsMlflow() {
        assertThat(ServerCheck.classify(200, "application/json", "{\"experiments\": []}").kind())
                .isEqualTo(ServerCheck.Kind.MLFLOW);
        assertThat(ServerCheck.classify(200, "application/json", "{}").kind()).isEqualTo(ServerCheck.Kind.MLFLOW);
        assertThat(ServerCheck.classify(500, "application/json",
                "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}").kind())
                .isEqualTo(ServerCheck.Kind.MLFLOW);
    }

    @Test
    void aServerThatWantsCredentialsSaysWhichVariablesToSet() throws IOException {
        MlflowEndpoint endpoint = serving(401, "text/plain", "Unauthorized");
        assertThat(ServerCheck.of(endpoint, QUICK).problem(endpoint)).contains("refuses FlowLab's requests (GET "
                + "/api/2.0/mlflow/experiments/search returned 401 text/plain)", "MLFLOW_TRACKING_USERNAME",
                "MLFLOW_TRACKING_TOKEN");
    }

    @Test
    void nothingAnsweringIsNotAProblemYetAndIsToldInSeconds() throws Exception {
        MlflowEndpoint closed = MlflowEndpoint.of("http://127.0.0.1:" + LocalMlflowServer.freePort(), Map.of());
        ServerCheck refused = ServerCheck.of(closed, QUICK);
        assertThat(refused.kind()).isEqualTo(ServerCheck.Kind.UNREACHABLE);
        assertThat(refused.problem(closed)).isNull();

        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, then say nothing
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            ServerCheck check = ServerCheck.of(MlflowEndpoint.of("http://127.0.0.1:" + silent.getLocalPort(), Map.of()),
                    QUICK);
            assertThat(check.kind()).isEqualTo(ServerCheck.Kind.UNREACHABLE);
            assertThat(check.detail()).contains("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theLiveTrackerRefusesANonMlflowServerBeforeTheSweepStarts() throws IOException {
        MlflowEndpoint endpoint = serving(404, "text/html", "<h1>404</h1>");
        TrackerFactory factory = ServiceLoader.load(TrackerFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f instanceof MlflowTrackerFactory).findFirst().orElseThrow();
        long start = System.nanoTime();
        assertThatThrownBy(() -> factory.create(endpoint.base(), RunStore.open(folder.resolve("runs"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(endpoint + " answers but is not an MLflow tracking server (GET "
                        + "/api/2.0/mlflow/experiments/search returned 404 text/html)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void syncRefusesANonMlflowServerWithExitTwo() throws IOException {
        MlflowEndpoint endpoint = serving(404, "text/html", "<h1>404</h1>");
        Path store = Files.createDirectories(folder.resolve("runs"));
        CliRun sync = CliRun.of(new SyncCommand(), "--tracking-uri", endpoint.base(), "--store", store.toString());
        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.err()).startsWith("flowlab sync: " + endpoint + " answers but is not an MLflow tracking server")
                .doesNotContain("\tat ");
    }

    @Test
    void syncSaysAStorePathThatIsAFileIsAFile() throws IOException {
        Path file = Files.writeString(folder.resolve("runs.txt"), "not a store");
        CliRun sync = CliRun.of(new SyncCommand(), "--tracking-uri", "http://127.0.0.1:1", "--store", file.toString());
        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.err()).isEqualTo("flowlab sync: --store " + file + " is a file, not a folder: the run store is "
                + "a folder (default: runs)\n");
    }
}
