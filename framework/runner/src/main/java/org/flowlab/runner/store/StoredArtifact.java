package org.flowlab.runner.store;

import java.nio.file.Path;

/**
 * A file kept in the run store for a trial or a sweep.
 *
 * @param file         absolute path of the file inside the run store
 * @param artifactPath the folder inside the run's artifact root where it belongs, MLflow's
 *                     {@code logArtifact(file, artifactPath)} convention: {@code ""} is the root, the file keeps
 *                     its own name (e.g. {@code samples} for {@code samples/samples-t0.7.png})
 */
public record StoredArtifact(Path file, String artifactPath) {
}
