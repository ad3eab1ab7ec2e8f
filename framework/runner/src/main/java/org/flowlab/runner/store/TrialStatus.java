package org.flowlab.runner.store;

/** Lifecycle of a trial (and of a sweep invocation) as the run store and MLflow record it. */
public enum TrialStatus {
    RUNNING, FINISHED, FAILED
}
