package org.flowlab.runner.tracking;

import java.util.Optional;
import org.flowlab.runner.store.RunStore;

/**
 * Creates a live {@link Tracker} for a tracking URI. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.flowlab.runner.tracking.TrackerFactory}), so the runner never depends on a
 * tracking backend: the MLflow module plugs in by being on the classpath.
 */
public interface TrackerFactory {

    /**
     * @param trackingUri as given by {@code --tracking-uri} or {@code MLFLOW_TRACKING_URI}; never blank
     * @param store       the local run store the sweep writes first (the tracker may read it, e.g. to catch up)
     * @return empty when this factory does not handle the URI's scheme
     * @throws IllegalArgumentException when it handles the scheme but the URI is malformed; the message is shown
     *                                  to the user as a usage error
     */
    Optional<Tracker> create(String trackingUri, RunStore store);

    /**
     * A tracker for one attempt of one trial running on a cluster worker for a driver whose tracker offered
     * {@code tracking} ({@link Tracker#forWorkers()}): it logs that trial live, into the same run the driver's
     * mirror will complete when the trial comes back ({@link Tracker#trialCompletedElsewhere}); it neither
     * creates the sweep's own records nor catches up at its end (the driver does both).
     *
     * @param workerStore the worker's temporary run store the trial is recorded in
     * @param attempt     the attempt number in the driver's run store
     * @return empty when this factory does not handle the URI
     */
    default Optional<Tracker> createForWorker(WorkerTracking tracking, RunStore workerStore, int attempt) {
        return Optional.empty();
    }
}
