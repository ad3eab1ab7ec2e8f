package org.flowlab.runner.store;

import java.nio.file.Path;
import java.util.List;
import org.flowlab.engine.train.MetricPoint;

/**
 * A trial as the run store knows it: the latest attempt at running one resolved configuration.
 *
 * @param info          as written when the latest attempt started; {@code info().sweepId()} is the invocation
 *                      that (re)ran it last
 * @param status        RUNNING only while a {@code flowlab run} of its experiment is alive; an attempt whose
 *                      process died is reported FAILED with reason {@link RunStore#INTERRUPTED}
 * @param failureReason null unless FAILED
 * @param metrics       every metric point of the latest attempt, in the order they were recorded (an
 *                      interrupted earlier attempt's points are not included: the trial restarted from step 0)
 * @param artifacts     the resolved config, provenance, checkpoint and sample grids of the latest attempt
 * @param outcome       final numbers; null unless FINISHED
 * @param attempt       1 for the first attempt, 2 after one resume, ...
 * @param folder        the trial's folder inside the store
 * @param damage        null when every record of the latest attempt is whole; otherwise the first problem found
 *                      (the trial is then FAILED with {@code failureReason} "damaged: …", is run again by
 *                      {@code flowlab run}, and {@code flowlab sync} reports it instead of uploading it). When the
 *                      trial's own attempt line is unreadable, {@code info} holds only the id (the folder name).
 * @param startedAt     epoch millis when the latest attempt started (MLflow: the run's start time; each attempt is
 *                      a run of its own, see {@code RunMirror}); -1 when unknown
 * @param endedAt       epoch millis when the latest attempt ended (for an interrupted one, its last record); -1
 *                      while it runs
 */
public record StoredTrial(TrialInfo info, TrialStatus status, String failureReason, List<MetricPoint> metrics,
                          List<StoredArtifact> artifacts, TrialOutcome outcome, int attempt, Path folder,
                          StoreDamage damage, long startedAt, long endedAt) {

    public StoredTrial {
        metrics = List.copyOf(metrics);
        artifacts = List.copyOf(artifacts);
    }

    /** A trial without damage. */
    public StoredTrial(TrialInfo info, TrialStatus status, String failureReason, List<MetricPoint> metrics,
                       List<StoredArtifact> artifacts, TrialOutcome outcome, int attempt, Path folder) {
        this(info, status, failureReason, metrics, artifacts, outcome, attempt, folder, null, -1, -1);
    }

    public boolean damaged() {
        return damage != null;
    }

    /** Points of one metric, e.g. {@code test/bpd}, in recorded order. */
    public List<MetricPoint> metric(String name) {
        return metrics.stream().filter(p -> p.name().equals(name)).toList();
    }
}
