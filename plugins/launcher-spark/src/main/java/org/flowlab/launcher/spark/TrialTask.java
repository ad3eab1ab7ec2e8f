package org.flowlab.launcher.spark;

import java.io.Serializable;
import java.util.List;
import org.flowlab.runner.tracking.WorkerTracking;

/**
 * What one Spark task needs to run one trial: the experiment as the driver read it (the worker re-plans it
 * and picks the trial by its id, so no config object has to be serialisable), and the JSON the driver's
 * store would record. Everything is plain text so the task is small and version-independent.
 *
 * @param shippedData the name under which {@code SparkContext.addFile} shipped the data folder, or null
 * @param attempt     the trial's attempt number in the driver's run store
 * @param tracking    where the worker logs the trial live ({@code --tracking-uri}), or null
 */
record TrialTask(String experimentText, String source, String experimentName, List<String> overrides,
                 String trialId, String sweepJson, String trialInfoJson, String provenanceJson, int threads,
                 String shippedData, int attempt, WorkerTracking tracking) implements Serializable {
}
