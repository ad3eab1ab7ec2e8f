package org.flowlab.runner.tracking;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.flowlab.runner.store.RunStore;

/** Chooses the live tracker for a tracking URI from the {@link TrackerFactory} implementations on the classpath. */
public final class Trackers {

    public static final String ENVIRONMENT_VARIABLE = "MLFLOW_TRACKING_URI";

    private Trackers() {
    }

    /** {@code --tracking-uri} when given, else {@code MLFLOW_TRACKING_URI}, else none. */
    public static String uri(String option) {
        if (option != null && !option.isBlank()) {
            return option.trim();
        }
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
    }

    /**
     * @return {@link NoOpTracker} without a URI; otherwise every tracker that accepts the URI, shielded by
     *         {@link SafeTracker}
     * @throws IllegalArgumentException when no installed factory handles the URI (a usage error)
     */
    public static Tracker create(String trackingUri, RunStore store, PrintStream err) {
        if (trackingUri == null || trackingUri.isBlank()) {
            return NoOpTracker.INSTANCE;
        }
        List<Tracker> trackers = new ArrayList<>();
        List<String> factories = new ArrayList<>();
        for (TrackerFactory factory : ServiceLoader.load(TrackerFactory.class)) {
            factories.add(factory.getClass().getSimpleName());
            factory.create(trackingUri, store).ifPresent(trackers::add);
        }
        if (trackers.isEmpty()) {
            throw new IllegalArgumentException("no installed tracker handles the tracking URI '" + trackingUri + "'"
                    + (factories.isEmpty() ? " (no tracking module is on the classpath)"
                    : " (installed: " + String.join(", ", factories) + "; MLflow expects http://HOST:PORT)"));
        }
        return new SafeTracker(trackers, err);
    }

    /**
     * The tracker of one trial on a cluster worker ({@link TrackerFactory#createForWorker}); {@link NoOpTracker}
     * when there is nothing to log to or no installed factory handles it (the driver then mirrors the trial
     * when it comes back, as before).
     */
    public static Tracker forWorker(WorkerTracking tracking, RunStore workerStore, int attempt, PrintStream err) {
        if (tracking == null) {
            return NoOpTracker.INSTANCE;
        }
        List<Tracker> trackers = new ArrayList<>();
        for (TrackerFactory factory : ServiceLoader.load(TrackerFactory.class)) {
            factory.createForWorker(tracking, workerStore, attempt).ifPresent(trackers::add);
        }
        return trackers.isEmpty() ? NoOpTracker.INSTANCE : new SafeTracker(trackers, err);
    }
}
