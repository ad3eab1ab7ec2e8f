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
}
