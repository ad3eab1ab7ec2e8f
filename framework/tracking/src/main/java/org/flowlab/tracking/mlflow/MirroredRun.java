package org.flowlab.tracking.mlflow;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;

/**
 * An MLflow run as far as we know its server-side state: what it already has, so that only what it lacks
 * is sent (params are write-once; resending a tag or a status is harmless but wasteful).
 * Not thread-safe: each is used by one delivering thread.
 */
public final class MirroredRun {

    private final String runId;
    private final String experimentId;
    private final String artifactUri;
    private final Map<String, String> params = new HashMap<>();
    private final Map<String, String> tags = new HashMap<>();
    private final Set<String> metricKeys = new HashSet<>();
    private RunStatus status;
    private long endTime;
    private final boolean created;

    MirroredRun(Run run, boolean created) {
        this.runId = run.getInfo().getRunId();
        this.experimentId = run.getInfo().getExperimentId();
        this.artifactUri = run.getInfo().getArtifactUri();
        this.status = run.getInfo().getStatus();
        this.endTime = run.getInfo().hasEndTime() ? run.getInfo().getEndTime() : -1;
        this.created = created;
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        run.getData().getMetricsList().forEach(m -> metricKeys.add(m.getKey()));
    }

    public String runId() {
        return runId;
    }

    public String experimentId() {
        return experimentId;
    }

    /** True when this process created the run (rather than finding it by its tags). */
    public boolean created() {
        return created;
    }

    public Optional<String> artifactProxyRoot() {
        return ArtifactLocation.proxyPath(artifactUri);
    }

    public String artifactUri() {
        return artifactUri;
    }

    public RunStatus status() {
        return status;
    }

    void status(RunStatus newStatus) {
        status = newStatus;
    }

    /** -1 when the server has none (a running run). */
    long endTime() {
        return endTime;
    }

    void endTime(long newEndTime) {
        endTime = newEndTime;
    }

    Map<String, String> params() {
        return params;
    }

    Map<String, String> tags() {
        return tags;
    }

    /** Keys of metrics the server has at least one point of. */
    Set<String> metricKeys() {
        return metricKeys;
    }
}
