package org.flowlab.tracking.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.store.FolderPaths;
import org.flowlab.runner.store.RunStore;
import org.flowlab.tracking.mlflow.Deadline;
import org.flowlab.tracking.mlflow.MlflowApi;
import org.flowlab.tracking.mlflow.MlflowEndpoint;
import org.flowlab.tracking.mlflow.Retrier;
import org.flowlab.tracking.mlflow.RunMirror;
import org.flowlab.tracking.mlflow.ServerCheck;
import org.flowlab.tracking.mlflow.TrackingSettings;
import org.flowlab.tracking.sync.StoreSync;
import org.flowlab.tracking.sync.SyncReport;

/** {@code flowlab sync}: uploads from the local run store what the MLflow server lacks; idempotent. */
public final class SyncCommand implements Subcommand {

    static final String DEFAULT_STORE = "runs";
    /** A sync is a one-off: each request waits this long for a server that went away to come back. */
    static final Duration PATIENCE = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String summary() {
        return "upload to an MLflow server what it lacks from the local run store (safe to repeat)";
    }

    @Override
    public String usage() {
        return "[--tracking-uri URI] [--store DIR] [--experiment NAME]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("tracking-uri").hasArg().argName("URI")
                        .desc("MLflow server, http(s)://HOST:PORT (default: $MLFLOW_TRACKING_URI)").build())
                .addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                        .desc("the local run store (default: " + DEFAULT_STORE + ")").build())
                .addOption(Option.builder().longOpt("experiment").hasArg().argName("NAME")
                        .desc("only this experiment (default: every experiment in the store)").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) {
        String uri = line.getOptionValue("tracking-uri", System.getenv("MLFLOW_TRACKING_URI"));
        MlflowEndpoint endpoint;
        try {
            endpoint = MlflowEndpoint.of(uri);
        } catch (IllegalArgumentException e) {
            err.println("flowlab sync: " + e.getMessage());
            return 2;
        }
        Path storeDir = Path.of(line.getOptionValue("store", DEFAULT_STORE));
        Optional<String> notAFolder = FolderPaths.whyNotAFolder(storeDir);
        if (notAFolder.isPresent()) {
            err.println("flowlab sync: --store " + storeDir + " " + notAFolder.get() + ": the run store is a folder "
                    + "(default: " + DEFAULT_STORE + ")");
            return 2;
        }
        if (!Files.isDirectory(storeDir)) {
            err.println("flowlab sync: no run store at " + storeDir.toAbsolutePath()
                    + " (run a sweep first, or pass --store DIR)");
            return 2;
        }
        Optional<String> experiment = Optional.ofNullable(line.getOptionValue("experiment"));
        TrackingSettings settings = TrackingSettings.fromSystemProperties();
        String notMlflow = ServerCheck.of(endpoint, settings).problem(endpoint);
        if (notMlflow != null) {
            err.println("flowlab sync: " + notMlflow);
            return 2;
        }
        try {
            SyncReport report = sync(endpoint, RunStore.open(storeDir), experiment, settings, out::println, err);
            if (report == null) {
                return 1;
            }
            out.println("synced " + storeDir + " → " + endpoint + ": " + report);
            report.problems().forEach(p -> err.println("  not synced: " + p));
            report.damaged().forEach(d -> err.println("  damaged: " + d));
            return report.complete() ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("flowlab sync: " + e.getMessage());
            return 1;
        }
    }

    /** @return null when the server is not reachable (the reason is printed to {@code err}) */
    static SyncReport sync(MlflowEndpoint endpoint, RunStore store, Optional<String> experiment,
                           TrackingSettings settings, java.util.function.Consumer<String> progress, PrintStream err) {
        try (MlflowApi api = new MlflowApi(endpoint, settings)) {
            if (!api.healthy()) {
                err.println("flowlab sync: MLflow at " + endpoint + " does not answer (GET /health); nothing was sent."
                        + " Start it (e.g. `flowlab ui`) and run sync again: it sends only what is missing.");
                return null;
            }
            RunMirror mirror = new RunMirror(api, new Retrier(settings).withPatience(PATIENCE), Deadline.never(),
                    message -> err.println("flowlab sync: " + message));
            return new StoreSync(mirror, progress).syncStore(store, experiment);
        }
    }
}
