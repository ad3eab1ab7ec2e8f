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
 * @param startedAt     epoch millis when the first attempt started (MLflow: the run's start time; a resumed trial
 *                      continues its run, so the run starts with the first attempt)
 * @param endedAt       epoch millis when the latest attempt ended (for an interrupted one, its last record); -1
 *                      while it runs
 */
public record StoredTrial(TrialInfo info, TrialStatus status, String failureReason, List<MetricPoint> metrics,
                          List<StoredArtifact> artifacts, TrialOutcome outcome, int attempt, Path folder,
                          long startedAt, long endedAt) {

    public StoredTrial {
        metrics = List.copyOf(metrics);
        artifacts = List.copyOf(artifacts);
    }

    /** Points of one metric, e.g. {@code test/bpd}, in recorded order. */
    public List<MetricPoint> metric(String name) {
        return metrics.stream().filter(p -> p.name().equals(name)).toList();
    }
}
