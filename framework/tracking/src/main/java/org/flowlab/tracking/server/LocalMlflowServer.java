package org.flowlab.tracking.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A local {@code mlflow server} process: SQLite backend and proxied artifact folder inside one data folder,
 * bound to the loopback interface only. Used by {@code flowlab ui} and by the tests (same code, so the tests
 * exercise what users run).
 */
public final class LocalMlflowServer implements AutoCloseable {

    public static final String DATABASE = "mlflow.db";
    public static final String ARTIFACTS = "artifacts";
    public static final String LOG = "server.log";
    public static final String HOST = "127.0.0.1";

    private final Path executable;
    private final Path dataDir;
    private final int port;
    private Process process;

    private LocalMlflowServer(Path executable, Path dataDir, int port) {
        this.executable = executable;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
    }

    /**
     * Starts the server and waits until {@code GET /health} answers.
     *
     * @param port 0 for a free port
     * @throws IllegalStateException when it exits or stays unhealthy; the message carries the end of its log
     */
    public static LocalMlflowServer start(Path executable, Path dataDir, int port, Duration startTimeout) {
        return start(executable, dataDir, port, startTimeout, seconds -> { });
    }

    /**
     * As {@link #start(Path, Path, int, Duration)}, telling {@code waited} the whole seconds waited so far, about
     * once a second, while the server is not healthy yet (MLflow 3.x needs ~40 s to create a new database).
     */
    public static LocalMlflowServer start(Path executable, Path dataDir, int port, Duration startTimeout,
                                          LongConsumer waited) {
        LocalMlflowServer server = new LocalMlflowServer(executable, dataDir, port == 0 ? freePort() : port);
        server.start(startTimeout, waited);
        return server;
    }

    /** Starts the process again on the same port and data (e.g. after {@link #stop()} in an outage test). */
    public synchronized void start(Duration startTimeout) {
        start(startTimeout, seconds -> { });
    }

    private synchronized void start(Duration startTimeout, LongConsumer waited) {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(dataDir.resolve(ARTIFACTS));
            List<String> command = new ArrayList<>(List.of(executable.toString(), "server",
                    "--backend-store-uri", "sqlite:///" + dataDir.resolve(DATABASE),
                    "--artifacts-destination", dataDir.resolve(ARTIFACTS).toString(),
                    "--host", HOST, "--port", Integer.toString(port),
                    // one worker: a local UI on a 2-core machine; more only cost start time and memory
                    "--workers", "1"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    // a file, not a pipe: a detached server must outlive this JVM without blocking on output
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve(LOG).toFile()));
            builder.environment().remove("MLFLOW_TRACKING_URI");
            // MLflow 3.x starts a job runner with seven polling huey consumers by default (GenAI features we
            // never use); on two cores they slowed every request from ~30 ms to ~200 ms.
            builder.environment().put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        awaitHealthy(startTimeout, waited);
    }

    private void awaitHealthy(Duration timeout, LongConsumer waited) {
        long started = System.nanoTime();
        long end = started + timeout.toNanos();
        long told = 0;
        while (System.nanoTime() < end) {
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            if (seconds > told) {
                told = seconds;
                waited.accept(seconds);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with code " + process.exitValue()
                        + " before it became healthy; its log (" + dataDir.resolve(LOG) + ") ends with:\n" + logTail());
            }
            if (healthy(uri())) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for mlflow server", e);
            }
        }
        stop();
        throw new IllegalStateException("mlflow server on port " + port + " not healthy after " + timeout.toSeconds()
                + " s; its log ends with:\n" + logTail());
    }

    /** {@code GET {uri}/health} answers 200 within 2 s. */
    public static boolean healthy(String uri) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "/health")).timeout(Duration.ofSeconds(2))
                    .GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String uri() {
        return "http://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Optional<Long> pid() {
        return process == null ? Optional.empty() : Optional.of(process.pid());
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Blocks until the server process ends; returns its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Stops the server and the workers it spawned (uvicorn, the job runner): SIGTERM first, which mlflow
     * passes on; anything still alive after 10 s is killed.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroy();
                child.onExit().completeOnTimeout(child, 5, java.util.concurrent.TimeUnit.SECONDS).join();
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        }
        awaitPortFree();
    }

    /** So that a restart on the same port (outage tests, a quick second `flowlab ui`) does not race the old one. */
    private void awaitPortFree() {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(LOG), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A port free on the loopback interface right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
