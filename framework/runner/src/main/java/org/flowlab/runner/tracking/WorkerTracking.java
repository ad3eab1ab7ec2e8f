package org.flowlab.runner.tracking;

import java.io.Serializable;
import java.util.Map;

/**
 * What a trial running in another process (a cluster worker) needs to send its own events to the sweep's
 * tracking server live: the tracking URI and the credentials the driver found in its environment (the workers'
 * environments rarely hold them). Travels inside the trial's task, never in the cluster's configuration, so
 * secrets do not show on Spark's pages.
 *
 * @param trackingUri as the driver's tracker uses it
 * @param environment variables the tracker reads besides the URI (e.g. {@code MLFLOW_TRACKING_TOKEN}); the
 *                    worker's own environment fills in what is absent
 */
public record WorkerTracking(String trackingUri, Map<String, String> environment) implements Serializable {

    public WorkerTracking {
        environment = Map.copyOf(environment);
    }

    @Override
    public String toString() { // never print the credentials
        return "WorkerTracking[" + trackingUri + ", " + environment.keySet() + "]";
    }
}
