package org.flowlab.launcher.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What a task sends back to the driver: the trial's folder as the worker's temporary run store left it
 * (events.jsonl, config, provenance, output files, error.txt), path → bytes; or, when the worker lacks the
 * data, only the message. Only a task that completed returns one, so a retried trial reaches the driver
 * exactly once.
 *
 * @param loggedLive the worker sent the trial's events to the tracking server itself (the driver then completes
 *                   that run instead of mirroring the trial afresh)
 */
record TrialReturn(String trialId, WorkerIdentity worker, Map<String, byte[]> files, String missingData,
                   boolean loggedLive) implements Serializable {

    static TrialReturn missing(String trialId, WorkerIdentity worker, String message) {
        return new TrialReturn(trialId, worker, Map.of(), message, false);
    }
}
