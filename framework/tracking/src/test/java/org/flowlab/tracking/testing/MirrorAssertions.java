package org.flowlab.tracking.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.tracking.mlflow.RunMirror;
import org.flowlab.tracking.sync.StoreSync;

/**
 * Checks through REST that the server mirrors the run store exactly: one parent run per sweep, one child
 * run per trial under the right parent, every param and tag, every metric point exactly once (step by
 * step), statuses with failure reasons, and every artifact with its size.
 */
public final class MirrorAssertions {

    private MirrorAssertions() {
    }

    public static void assertMirrored(RunStore store, String experiment, MlflowRest rest) {
        List<JsonNode> runs = rest.runsOfExperiment(experiment);
        assertThat(runs).as("runs of experiment %s", experiment).isNotEmpty();
        Map<String, List<JsonNode>> sweepRuns = runs.stream().filter(r -> "sweep".equals(MlflowRest.tag(r, "flowlab.kind")))
                .collect(Collectors.groupingBy(r -> MlflowRest.tag(r, "flowlab.sweepId")));
        Map<String, List<JsonNode>> trialRuns = runs.stream().filter(r -> "trial".equals(MlflowRest.tag(r, "flowlab.kind")))
                .collect(Collectors.groupingBy(r -> MlflowRest.tag(r, "flowlab.trialId")));
        List<StoredSweep> sweeps = store.sweeps(experiment);
        List<StoredTrial> trials = store.trials(experiment);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(sweepRuns.keySet()).as("parent runs (one per sweep invocation)")
                .containsExactlyInAnyOrderElementsOf(sweeps.stream().map(s -> s.info().sweepId()).toList());
        soft.assertThat(trialRuns.keySet()).as("child runs (one per trial)")
                .containsExactlyInAnyOrderElementsOf(trials.stream().map(t -> t.info().trialId()).toList());
        sweepRuns.forEach((id, list) -> soft.assertThat(list).as("parent runs of sweep %s", id).hasSize(1));
        trialRuns.forEach((id, list) -> soft.assertThat(list).as("child runs of trial %s", id).hasSize(1));
        soft.assertAll();

        for (StoredSweep sweep : sweeps) {
            JsonNode run = rest.run(MlflowRest.runId(sweepRuns.get(sweep.info().sweepId()).get(0)));
            assertThat(MlflowRest.tags(run)).as("sweep tags").containsAllEntriesOf(sweep.info().tags());
            if (sweep.status() != TrialStatus.RUNNING) {
                assertThat(MlflowRest.status(run)).as("sweep status").isEqualTo(sweep.status().name());
            }
            assertArtifacts(rest, run, sweep.artifacts());
            if (sweep.status() != TrialStatus.RUNNING) {
                assertTimes(run, sweep.info().startedAt().toEpochMilli(), StoreSync.endTime(sweep, trials),
                        sweep.status(), "sweep " + sweep.info().sweepId());
            }
        }
        for (StoredTrial trial : trials) {
            JsonNode run = rest.run(MlflowRest.runId(trialRuns.get(trial.info().trialId()).get(0)));
            String name = trial.info().runName();
            assertThat(run.path("info").path("run_name").asText()).isEqualTo(name);
            assertThat(MlflowRest.params(run)).as("params of %s", name).isEqualTo(trial.info().params());
            assertThat(MlflowRest.tags(run)).as("tags of %s", name)
                    .containsAllEntriesOf(RunMirror.trialTags(trial.info(), trial.attempt()));
            assertTimes(run, trial.startedAt(), trial.endedAt(), trial.status(), name);
            String parentId = MlflowRest.runId(sweepRuns.get(trial.info().sweepId()).get(0));
            assertThat(MlflowRest.tag(run, "mlflow.parentRunId")).as("parent of %s", name).isEqualTo(parentId);
            assertThat(MlflowRest.status(run)).as("status of %s", name).isEqualTo(trial.status().name());
            if (trial.status() == TrialStatus.FAILED) {
                assertThat(MlflowRest.tag(run, "flowlab.failureReason")).isEqualTo(trial.failureReason());
                assertThat(MlflowRest.tag(run, "mlflow.note.content")).contains(trial.failureReason());
            }
            assertHistories(rest, run, trial);
            assertArtifacts(rest, run, trial.artifacts());
        }
    }

    /**
     * The run's start and end are the run store's (so MLflow's duration is the trial's own, never negative);
     * a running one has no end yet.
     */
    public static void assertTimes(JsonNode run, long startedAt, long endedAt, TrialStatus status, String what) {
        JsonNode info = run.path("info");
        assertThat(info.path("start_time").asLong()).as("start_time of %s", what).isEqualTo(startedAt);
        if (status != TrialStatus.RUNNING) {
            assertThat(info.path("end_time").asLong()).as("end_time of %s", what).isEqualTo(endedAt)
                    .isGreaterThanOrEqualTo(startedAt);
        }
    }

    /** Every stored point exactly once, and nothing else, for every metric of the trial. */
    public static void assertHistories(MlflowRest rest, JsonNode run, StoredTrial trial) {
        Map<String, List<MetricPoint>> byKey = trial.metrics().stream()
                .collect(Collectors.groupingBy(MetricPoint::name));
        assertThat(MlflowRest.metricKeys(run)).as("metric keys of %s", trial.info().runName())
                .containsExactlyInAnyOrderElementsOf(byKey.keySet());
        for (Map.Entry<String, List<MetricPoint>> entry : byKey.entrySet()) {
            List<MlflowRest.Point> expected = new ArrayList<>();
            for (MetricPoint p : entry.getValue()) {
                expected.add(new MlflowRest.Point(p.name(), p.step(), p.timestampMillis(), stored(p.value())));
            }
            List<MlflowRest.Point> actual = new ArrayList<>(rest.history(MlflowRest.runId(run), entry.getKey()));
            Comparator<MlflowRest.Point> order = Comparator.comparingLong(MlflowRest.Point::step)
                    .thenComparingLong(MlflowRest.Point::timestamp).thenComparingDouble(MlflowRest.Point::value);
            expected.sort(order);
            actual.sort(order);
            assertThat(actual).as("history of %s in %s", entry.getKey(), trial.info().runName())
                    .containsExactlyElementsOf(expected);
        }
    }

    public static void assertArtifacts(MlflowRest rest, JsonNode run, List<StoredArtifact> artifacts) {
        Map<String, Long> present = rest.artifacts(MlflowRest.runId(run));
        for (StoredArtifact artifact : artifacts) {
            String path = (artifact.artifactPath().isEmpty() ? "" : artifact.artifactPath() + "/")
                    + artifact.file().getFileName();
            try {
                assertThat(present).as("artifacts of run %s", MlflowRest.runId(run))
                        .containsEntry(path, Files.size(artifact.file()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** How the server stores a value: ±Infinity become ±Double.MAX_VALUE. */
    private static double stored(double v) {
        return v == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : v == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : v;
    }
}
