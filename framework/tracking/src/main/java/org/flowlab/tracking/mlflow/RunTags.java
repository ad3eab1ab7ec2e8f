package org.flowlab.tracking.mlflow;

/**
 * Tag keys by which FlowLab finds its runs again (resume, sync) and which MLflow's UI understands.
 * Runs are never found by name: names are for people and need not be unique.
 */
public final class RunTags {

    /** {@code sweep} for the parent run of one invocation, {@code trial} for a nested child run. */
    public static final String KIND = "flowlab.kind";
    public static final String SWEEP_ID = "flowlab.sweepId";
    /** The trial's stable config hash: the same trial across invocations is the same MLflow run. */
    public static final String TRIAL_ID = "flowlab.trialId";
    /** Only on a resumed trial's run (2, 3, ...). */
    public static final String ATTEMPT = "flowlab.attempt";
    public static final String FAILURE_REASON = "flowlab.failureReason";

    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    public static final String RUN_NAME = "mlflow.runName";
    /** Shown as the run's description in the UI: where a failure reason is easy to see. */
    public static final String NOTE = "mlflow.note.content";
    public static final String USER = "mlflow.user";
    public static final String SOURCE_NAME = "mlflow.source.name";
    public static final String SOURCE_TYPE = "mlflow.source.type";

    /**
     * Trial tags of run stores written before each fact was logged once: the config hash (= {@link #TRIAL_ID})
     * and the seed (= param {@code train.seed}). Not sent to MLflow.
     */
    public static final java.util.Set<String> LEGACY_DUPLICATES = java.util.Set.of("config.hash", "seed",
            "flowlab.seed");

    public static final String KIND_SWEEP = "sweep";
    public static final String KIND_TRIAL = "trial";

    private RunTags() {
    }
}
