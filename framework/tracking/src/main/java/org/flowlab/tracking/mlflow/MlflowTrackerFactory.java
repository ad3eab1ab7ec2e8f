package org.flowlab.tracking.mlflow;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.TrackerFactory;
import org.flowlab.runner.tracking.WorkerTracking;

/** Found by the runner through {@link java.util.ServiceLoader}: {@code http(s)://} tracking URIs go to MLflow. */
public final class MlflowTrackerFactory implements TrackerFactory {

    @Override
    public Optional<Tracker> create(String trackingUri, RunStore store) {
        String uri = trackingUri.trim();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:") || lower.startsWith("/") || lower.startsWith(".") || lower.endsWith("mlruns")) {
            throw new IllegalArgumentException("tracking URI '" + uri + "' is a local folder: MLflow 3.13+ refuses the "
                    + "./mlruns file store and FlowLab never writes MLflow's storage itself. The local run store "
                    + "already keeps everything; `flowlab ui` starts a local MLflow server from it, or pass "
                    + "--tracking-uri http://HOST:PORT");
        }
        if (!isHttp(uri)) {
            return Optional.empty();
        }
        MlflowEndpoint endpoint = MlflowEndpoint.of(uri);
        TrackingSettings settings = TrackingSettings.fromSystemProperties();
        // Asked before anything runs: a wrong address is a mistake to fix now, a server not up yet is not.
        ServerCheck check = ServerCheck.of(endpoint, settings);
        if (check.problem(endpoint) != null) {
            throw new IllegalArgumentException(check.problem(endpoint));
        }
        if (check.kind() == ServerCheck.Kind.UNREACHABLE) {
            System.err.println("mlflow: " + endpoint + " does not answer now (" + check.detail() + "); the sweep runs "
                    + "anyway, the tracker keeps retrying, and the run store keeps everything for `flowlab sync`");
        }
        return Optional.of(new MlflowTracker(endpoint, settings, store, System.err::println));
    }

    /**
     * On a worker the driver has already checked the server; a worker that cannot reach it loses at most
     * {@link #WORKER_DRAIN} at the trial's end, and the driver sends the trial when it comes back.
     */
    @Override
    public Optional<Tracker> createForWorker(WorkerTracking tracking, RunStore workerStore, int attempt) {
        if (!isHttp(tracking.trackingUri())) {
            return Optional.empty();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(tracking.environment());
        MlflowEndpoint endpoint = MlflowEndpoint.of(tracking.trackingUri(), env);
        TrackingSettings settings = TrackingSettings.fromSystemProperties().withDrainTimeout(WORKER_DRAIN);
        return Optional.of(MlflowTracker.onWorker(endpoint, settings, workerStore, attempt, System.err::println));
    }

    static final Duration WORKER_DRAIN = Duration.ofSeconds(10);

    private static boolean isHttp(String uri) {
        String lower = uri.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
