package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredSweep;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.tracking.cli.SyncCommand;
import org.flowlab.tracking.testing.CliRun;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a researcher sees in MLflow after {@code flowlab sync} (issue 15), read back from a real server through
 * REST: each run's own start and end (no negative durations), the experiment marked as model training with its
 * file's description and FlowLab's saved view, the sweep run named after the experiment, and each fact logged
 * once (the exact params and tags of a trial run).
 */
class WhatTheUiShowsTest {

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    static Path runs;

    private static final String EXPERIMENT = "ui-view";
    private static long syncedAt;

    @BeforeAll
    static void runOfflineThenSyncLater() throws InterruptedException {
        RunStore store = RunStore.open(runs);
        try (SyntheticSweep sweep = new SyntheticSweep(store, NoOpTracker.INSTANCE, EXPERIMENT)) {
            sweep.runTrial(sweep.trial("reverse", "affine", 1), 30, 10, false);
            sweep.runTrial(sweep.trial("conv1x1-lu", "affine", 1), 30, 10, true);
            // A trial from a store written before each fact was logged once: config hash, seed and plugin names
            // as tags.
            TrialInfo modern = sweep.trial("shuffle", "affine", 2);
            Map<String, String> tags = new LinkedHashMap<>(modern.tags());
            tags.put("config.hash", modern.trialId());
            tags.put("seed", "2");
            tags.put("plugin.permutation", "shuffle");
            tags.put("plugin.coupling", "affine");
            sweep.runTrial(new TrialInfo(modern.trialId(), modern.sweepId(), modern.experimentName(), modern.runName(),
                    modern.seed(), modern.params(), tags), 30, 10, false);
            sweep.end(TrialStatus.FAILED);
        }
        Thread.sleep(1_500); // the sync happens well after the trials: their times must not become the sync's
        syncedAt = System.currentTimeMillis();
        CliRun sync = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString());
        assertThat(sync.exitCode()).as(sync.out() + sync.err()).isZero();
    }

    @Test
    void everyRunStartsAndEndsWhenItsTrialDidNotWhenItWasSynced() {
        RunStore store = RunStore.open(runs);
        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        Map<String, JsonNode> byTrial = new HashMap<>();
        JsonNode sweepRun = null;
        for (JsonNode run : rest.runsOfExperiment(EXPERIMENT)) {
            if ("trial".equals(MlflowRest.tag(run, RunTags.KIND))) {
                byTrial.put(MlflowRest.tag(run, RunTags.TRIAL_ID), run);
            } else {
                sweepRun = run;
            }
        }
        List<StoredTrial> trials = store.trials(EXPERIMENT);
        assertThat(byTrial).hasSize(3);
        for (StoredTrial trial : trials) {
            JsonNode info = byTrial.get(trial.info().trialId()).path("info");
            assertThat(info.path("start_time").asLong()).as("start of %s", trial.info().runName())
                    .isEqualTo(trial.startedAt()).isLessThan(syncedAt);
            assertThat(info.path("end_time").asLong()).as("end of %s", trial.info().runName())
                    .isEqualTo(trial.endedAt()).isGreaterThanOrEqualTo(trial.startedAt()).isLessThan(syncedAt);
        }
        StoredSweep sweep = store.sweeps(EXPERIMENT).get(0);
        assertThat(sweepRun).isNotNull();
        assertThat(sweepRun.path("info").path("start_time").asLong()).isEqualTo(sweep.info().startedAt().toEpochMilli())
                .isLessThanOrEqualTo(trials.stream().mapToLong(StoredTrial::startedAt).min().orElseThrow());
        assertThat(sweepRun.path("info").path("end_time").asLong()).isEqualTo(sweep.endedAt())
                .isGreaterThanOrEqualTo(trials.stream().mapToLong(StoredTrial::endedAt).max().orElseThrow())
                .isLessThan(syncedAt);
    }

    @Test
    void anEndTimeMirroredWronglyBeforeIsCorrectedBySync() {
        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        StoredTrial trial = RunStore.open(runs).trials(EXPERIMENT).get(0);
        JsonNode run = rest.runsOfExperiment(EXPERIMENT).stream()
                .filter(r -> trial.info().trialId().equals(MlflowRest.tag(r, RunTags.TRIAL_ID))).findFirst().orElseThrow();
        rest.post("runs/update", JsonMapper.builder().build().createObjectNode().put("run_id", MlflowRest.runId(run))
                .put("status", MlflowRest.status(run)).put("end_time", syncedAt + 3_600_000L));

        CliRun sync = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString());
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(rest.run(MlflowRest.runId(run)).path("info").path("end_time").asLong()).isEqualTo(trial.endedAt());
        CliRun again = CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", runs.toString());
        assertThat(again.out()).as("then nothing more to send").contains("0 statuses");
    }

    @Test
    void theExperimentIsAModelTrainingOneWithItsFilesDescriptionAndASavedViewOfTheTrials() throws Exception {
        JsonNode experiment = new MlflowRest(MLFLOW.uri()).experiment(EXPERIMENT).orElseThrow();
        Map<String, String> tags = new HashMap<>();
        experiment.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        assertThat(tags).containsEntry("mlflow.experimentKind", "custom_model_development")
                .containsEntry("mlflow.note.content", "synthetic " + EXPERIMENT)
                .containsEntry("mlflow.experiment.primaryMetric.name", "test/bpd");
        JsonNode view = new JsonMapper().readTree(tags.get("mlflow.sharedViewState.flowlab-trials"));
        assertThat(view.path("name").asText()).isEqualTo("FlowLab: trials by test bits/dim");
        JsonNode state = new JsonMapper().readTree(view.path("state").asText());
        assertThat(state.path("orderByKey").asText()).isEqualTo("metrics.`test/bpd`");
        assertThat(state.path("orderByAsc").asBoolean()).isTrue();
        assertThat(state.path("searchFilter").asText()).isEqualTo("tags.`flowlab.kind` = 'trial'");
        assertThat(state.path("selectedColumns").toString()).contains("params.`train.seed`", "metrics.`test/bpd`");
        assertThat(ExperimentTags.runsPage(MLFLOW.uri(), experiment.path("experiment_id").asText()))
                .endsWith("/runs?workflowType=machine_learning&viewStateShareKey=flowlab-trials");
    }

    @Test
    void theSweepRunIsNamedAfterTheExperimentAndWhenItStarted() {
        StoredSweep sweep = RunStore.open(runs).sweeps(EXPERIMENT).get(0);
        JsonNode run = new MlflowRest(MLFLOW.uri()).runsOfExperiment(EXPERIMENT).stream()
                .filter(r -> "sweep".equals(MlflowRest.tag(r, RunTags.KIND))).findFirst().orElseThrow();
        String expected = EXPERIMENT + " \u00b7 " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(ZoneOffset.UTC).format(sweep.info().startedAt()) + " UTC";
        assertThat(run.path("info").path("run_name").asText()).isEqualTo(expected);
    }

    @Test
    void eachTrialRunLogsEachFactOnce() {
        RunStore store = RunStore.open(runs);
        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        Set<String> system = Set.of("mlflow.runName", "mlflow.parentRunId", "mlflow.source.name", "mlflow.source.type",
                "mlflow.user", "mlflow.note.content");
        for (StoredTrial trial : store.trials(EXPERIMENT)) {
            JsonNode run = rest.runsOfExperiment(EXPERIMENT).stream()
                    .filter(r -> trial.info().trialId().equals(MlflowRest.tag(r, RunTags.TRIAL_ID))).findFirst().orElseThrow();
            Map<String, String> params = MlflowRest.params(run);
            Map<String, String> tags = MlflowRest.tags(run);
            String name = trial.info().runName();
            // params: the flattened config, nothing else (the synthetic config has 14 settings)
            assertThat(params).as("params of %s", name).hasSize(14).isEqualTo(trial.info().params());
            // tags: provenance (git.commit, flowlab.version), FlowLab's identity (kind, trial id, sweep id), MLflow's
            // own, and the failure reason of a failed trial
            Set<String> expected = new HashSet<>(Set.of("git.commit", "flowlab.version", RunTags.KIND, RunTags.TRIAL_ID,
                    RunTags.SWEEP_ID));
            expected.addAll(system);
            if (trial.status() == TrialStatus.FAILED) {
                expected.add(RunTags.FAILURE_REASON);
            }
            assertThat(tags.keySet()).as("tags of %s", name).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(tags.keySet()).as("no tag repeats a param").doesNotContainAnyElementsOf(params.keySet());
            assertThat(tags.entrySet().stream().filter(t -> t.getValue().equals(trial.info().trialId())))
                    .as("the config hash once").extracting(Map.Entry::getKey).containsExactly(RunTags.TRIAL_ID);
            assertThat(tags.get("mlflow.note.content")).as("the description says what test/bpd is measured on")
                    .contains("test/bpd");
        }
    }

    @Test
    void aTrialNoteSaysWhenTheCurveIsOnASubset() {
        TrialInfo trial = new TrialInfo("id", "sweep", "e", "reverse/s1", 1, Map.of("train.evalEvery", "15",
                "train.evalImages", "200", "dataset.testSize", "1000"), Map.of());
        assertThat(RunNotes.trial(trial)).isEqualTo("`test/bpd` (bits/dim): every 15 steps on the first 200 test "
                + "images (a fixed subset, the same for every trial); the last point, the trial's result, on all 1000 "
                + "test images.");
        TrialInfo whole = new TrialInfo("id", "sweep", "e", "reverse/s1", 1, Map.of("train.evalEvery", "150"), Map.of());
        assertThat(RunNotes.trial(whole)).isEqualTo("`test/bpd` (bits/dim): every 150 steps on the whole test split; "
                + "the last point, the trial's result, on the whole test split.");
        assertThat(Optional.ofNullable(RunNotes.trial(new TrialInfo("id", "s", "e", "n", 1, Map.of(), Map.of()))))
                .isEmpty();
    }
}
