package org.flowlab.tracking.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.flowlab.tracking.server.LocalMlflowServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code mlflow server} from the project venv for one test class: a free loopback port, a temporary
 * SQLite backend and artifact folder, started before the first test (healthy on {@code /health}) and stopped
 * after the last. No mocks: the tests talk to MLflow itself.
 *
 * <pre>
 * &#64;RegisterExtension static final MlflowServerExtension MLFLOW = new MlflowServerExtension();
 * </pre>
 */
public final class MlflowServerExtension implements BeforeAllCallback, AfterAllCallback {

    // generous: on a shared 2-core machine under load, MLflow 3.17 has needed more than 120 s to create its database
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private LocalMlflowServer server;
    private Path dataDir;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path mlflow = ProjectMlflow.mlflow();
        dataDir = Files.createTempDirectory("flowlab-mlflow-test-");
        server = LocalMlflowServer.start(mlflow, dataDir, 0, START_TIMEOUT);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.stop();
        }
        if (dataDir != null) {
            try (Stream<Path> walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public String uri() {
        return server.uri();
    }

    public LocalMlflowServer server() {
        return server;
    }

    /** Stops the server, keeping its database and artifacts (an outage). */
    public void stop() {
        server.stop();
    }

    /** Starts it again on the same port with the same data. */
    public void restart() {
        server.start(START_TIMEOUT);
    }

    public Path dataDir() {
        return dataDir;
    }
}
