package org.flowlab.tracking.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.store.RunStore;
import org.flowlab.tracking.mlflow.ExperimentTags;
import org.flowlab.tracking.mlflow.MlflowApi;
import org.flowlab.tracking.mlflow.MlflowEndpoint;
import org.flowlab.tracking.mlflow.TrackingSettings;
import org.flowlab.tracking.server.LocalMlflowServer;
import org.flowlab.tracking.server.MlflowExecutable;
import org.flowlab.tracking.sync.SyncReport;

/**
 * {@code flowlab ui}: a local MLflow server (SQLite and artifacts in {@code .flowlab/mlflow}, loopback only)
 * filled from the run store, so a new user's two steps are {@code flowlab run} then {@code flowlab ui}.
 * A server this command left running for the same folder is reused rather than started twice.
 */
public final class UiCommand implements Subcommand {

    static final String DEFAULT_DATA = ".flowlab/mlflow";
    static final String STATE_FILE = "server.json";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Function<Path, Optional<Path>> locator;

    /** The CLI's constructor (found by ServiceLoader): mlflow from the usual places, see {@link MlflowExecutable}. */
    public UiCommand() {
        this(MlflowExecutable::locate);
    }

    /** @param locator finds the mlflow executable for a working folder (tests choose it) */
    public UiCommand(Function<Path, Optional<Path>> locator) {
        this.locator = locator;
    }

    @Override
    public String name() {
        return "ui";
    }

    @Override
    public String summary() {
        return "start a local MLflow server, sync the run store into it and print its address";
    }

    @Override
    public String usage() {
        return "[--port P] [--store DIR] [--data DIR] [--detach]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("port").hasArg().argName("P")
                        .desc("port on 127.0.0.1 (default: a free one)").build())
                .addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                        .desc("the local run store to show (default: " + SyncCommand.DEFAULT_STORE + ")").build())
                .addOption(Option.builder().longOpt("data").hasArg().argName("DIR")
                        .desc("where the server keeps its SQLite database and artifacts (default: " + DEFAULT_DATA + ")")
                        .build())
                .addOption(Option.builder().longOpt("detach")
                        .desc("leave the server running in the background and return").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
        int port;
        try {
            port = Integer.parseInt(line.getOptionValue("port", "0"));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            err.println("flowlab ui: --port must be a port number (1-65535), got '" + line.getOptionValue("port") + "'");
            return 2;
        }
        Path store = Path.of(line.getOptionValue("store", SyncCommand.DEFAULT_STORE)).toAbsolutePath().normalize();
        Path data = Path.of(line.getOptionValue("data", DEFAULT_DATA)).toAbsolutePath().normalize();
        boolean detach = line.hasOption("detach");

        Optional<RunningServer> running = runningServer(data);
        if (running.isPresent()) {
            String uri = running.get().uri();
            out.println("MLflow server for " + data + " is already running at " + uri + " (pid " + running.get().pid()
                    + ")");
            syncInto(uri, store, out, err);
            out.println("MLflow UI: " + uri);
            out.println(stopHint(running.get().pid(), data));
            return 0;
        }
        Optional<Path> mlflow = locator.apply(Path.of("").toAbsolutePath());
        if (mlflow.isEmpty()) {
            err.println("flowlab ui: " + MlflowExecutable.installHint());
            return 2;
        }
        if (port == 0) {
            port = LocalMlflowServer.freePort();
        }
        boolean firstStart = !Files.exists(data.resolve(LocalMlflowServer.DATABASE));
        out.println("starting MLflow" + MlflowExecutable.installedVersion(mlflow.get()).map(v -> " " + v).orElse("")
                + " on http://"
                + LocalMlflowServer.HOST + ":" + port + " (" + mlflow.get() + "; data in " + data + ")");
        out.print(firstStart ? "  the first start creates its SQLite database, ~40 s: "
                : "  waiting for it to answer, ~10-40 s: ");
        out.flush();
        LocalMlflowServer server;
        try {
            server = LocalMlflowServer.start(mlflow.get(), data, port, START_TIMEOUT, seconds -> {
                if (seconds % 5 == 0) { // a sign of life every five seconds, on one line
                    out.print(seconds + " s ");
                    out.flush();
                }
            });
        } catch (IllegalStateException e) {
            out.println();
            err.println("flowlab ui: " + e.getMessage());
            return 1;
        }
        out.println("ready");
        if (!detach) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "flowlab-ui-stop"));
        }
        writeState(data, server);
        syncInto(server.uri(), store, out, err);
        out.println("MLflow UI: " + server.uri());
        if (detach) {
            out.println("the server keeps running; " + stopHint(server.pid().orElse(-1L), data));
            return 0;
        }
        out.println("press Ctrl-C to stop it");
        int code = server.waitFor();
        return code == 0 || code == 130 || code == 143 ? 0 : 1;
    }

    private static String stopHint(long pid, Path data) {
        return "stop it with `kill " + pid + "`; its log is " + data.resolve(LocalMlflowServer.LOG);
    }

    private static void syncInto(String uri, Path store, PrintStream out, PrintStream err) {
        if (!Files.isDirectory(store)) {
            out.println("no run store at " + store + " yet: run a sweep (`flowlab run FILE`), then `flowlab ui` again");
            return;
        }
        SyncReport report = SyncCommand.sync(MlflowEndpoint.of(uri), RunStore.open(store), Optional.empty(),
                TrackingSettings.fromSystemProperties(), line -> { }, err);
        if (report != null) {
            out.println("synced " + store + ": " + report);
            report.problems().forEach(p -> err.println("  not synced: " + p));
            report.damaged().forEach(d -> err.println("  damaged: " + d));
            printExperiments(uri, RunStore.open(store), out);
        }
    }

    /**
     * One link per experiment of the store, straight to its run table (MLflow 3.17's UI opens the GenAI pages
     * unless the address asks for the model-training workflow, see {@link ExperimentTags}).
     */
    private static void printExperiments(String uri, RunStore store, PrintStream out) {
        try (MlflowApi api = new MlflowApi(MlflowEndpoint.of(uri), TrackingSettings.fromSystemProperties())) {
            for (String name : store.experimentNames()) {
                api.experimentByName(name).ifPresent(e ->
                        out.println("  " + name + ": " + ExperimentTags.runsPage(uri, e.getExperimentId())));
            }
        } catch (RuntimeException e) {
            // only a convenience: the address below is what matters
        }
    }

    record RunningServer(String uri, long pid) {
    }

    /** A healthy server this command started earlier for the same data folder. */
    static Optional<RunningServer> runningServer(Path data) {
        Path state = data.resolve(STATE_FILE);
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JsonMapper.builder().build().readTree(state.toFile());
            long pid = json.path("pid").asLong(-1);
            String uri = json.path("uri").asText("");
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive && !uri.isEmpty() && LocalMlflowServer.healthy(uri) ? Optional.of(new RunningServer(uri, pid))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void writeState(Path data, LocalMlflowServer server) throws IOException {
        String json = JsonMapper.builder().build().createObjectNode().put("pid", server.pid().orElse(-1L))
                .put("port", server.port()).put("uri", server.uri()).toString();
        Path tmp = data.resolve(STATE_FILE + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, data.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
