package org.flowlab.tracking.server;

/**
 * The MLflow server version the project pins (notebooks/requirements.txt, installed by
 * scripts/mlflow-env.sh; a test keeps the two in step). 3.18.0 is on PyPI but its own pinned dependencies
 * (mlflow-skinny, mlflow-tracing 3.18.0) are not, so it cannot be installed; 3.17.2 is the newest that can.
 */
public final class MlflowVersion {

    public static final String PINNED = "3.17.2";

    private MlflowVersion() {
    }
}
