package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The live tracker against a real MLflow server; every check reads the server back through REST. */
class MlflowTrackerTest {

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    Path runs;

    private final List<String> console = new CopyOnWriteArrayList<>();

    private MlflowTracker tracker(RunStore store, TrackingSettings settings) {
        return new MlflowTracker(MlflowEndpoint.of(MLFLOW.uri(), Map.of()), settings, store, console::add);
    }

    @Test
    void quickstartShapedSweepIsMirroredCompletely() {
        RunStore store = RunStore.open(runs);
        MlflowTracker tracker = tracker(store, TrackingSettings.DEFAULTS);
        try (SyntheticSweep sweep = new SyntheticSweep(store, tracker, "quickstart-live")) {
            for (String permutation : List.of("reverse", "conv1x1-lu")) {
                for (long seed : List.of(1L, 2L)) {
                    sweep.runTrial(sweep.trial(permutation, "affine", seed), 40, 7, false);
                }
            }
            sweep.runTrial(sweep.trial("shuffle", "additive", 1), 12, 5, true);
            sweep.end(TrialStatus.FAILED);
        }
        tracker.close();

        assertThat(tracker.undeliveredSweeps()).as("console: %s", console).isEmpty();
        assertThat(tracker.droppedEvents()).isZero();
        assertThat(console).as("nothing to warn about (a slow drain may say it is still delivering)")
                .filteredOn(line -> !line.contains("/#/experiments/"))
                .allMatch(line -> line.contains("delivering what is left"));
        assertThat(console).as("where to look").anyMatch(line -> line.matches(
                "mlflow: quickstart-live: " + java.util.regex.Pattern.quote(MLFLOW.uri())
                        + "/#/experiments/\\d+/runs\\?workflowType=machine_learning&viewStateShareKey=flowlab-trials"));
        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        MirrorAssertions.assertMirrored(store, "quickstart-live", rest);

        List<JsonNode> runsOnServer = rest.runsOfExperiment("quickstart-live");
        assertThat(runsOnServer).hasSize(6); // 1 parent + 5 trials
        JsonNode failed = runsOnServer.stream().filter(r -> "shuffle/additive/s1".equals(r.path("info").path("run_name").asText()))
                .findFirst().orElseThrow();
        assertThat(MlflowRest.status(failed)).isEqualTo("FAILED");
        assertThat(MlflowRest.tag(failed, "flowlab.failureReason")).isEqualTo("non-finite loss (NaN) at step 12");
        // The NaN that failed the trial is on the server too, as the last train/bpd point.
        List<MlflowRest.Point> bpd = rest.history(MlflowRest.runId(failed), "train/bpd");
        assertThat(bpd.get(bpd.size() - 1).value()).isNaN();
        // A sample grid reads back byte for byte.
        JsonNode finished = runsOnServer.stream().filter(r -> "reverse/affine/s1".equals(r.path("info").path("run_name").asText()))
                .findFirst().orElseThrow();
        byte[] png = rest.download(MlflowRest.runId(finished), "samples/samples-t0.7.png");
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aResumedTrialGetsAFreshRunUnderTheNewInvocation() {
        RunStore store = RunStore.open(runs);
        TrialInfo first;
        MlflowTracker tracker = tracker(store, TrackingSettings.DEFAULTS);
        try (SyntheticSweep sweep = new SyntheticSweep(store, tracker, "resume")) {
            first = sweep.trial("reverse", "additive", 1);
            sweep.runTrial(first, 10, 10, true); // fails: will be run again
            sweep.runTrial(sweep.trial("reverse", "additive", 2), 10, 10, false);
            sweep.end(TrialStatus.FAILED);
        }
        tracker.close();

        MlflowTracker again = tracker(store, TrackingSettings.DEFAULTS);
        String secondSweep;
        try (SyntheticSweep sweep = new SyntheticSweep(store, again, "resume")) {
            secondSweep = sweep.info().sweepId();
            TrialInfo retried = sweep.trial("reverse", "additive", 1);
            assertThat(retried.trialId()).isEqualTo(first.trialId());
            sweep.runTrial(retried, 10, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }
        again.close();

        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        List<JsonNode> trialRuns = rest.runsOfExperiment("resume").stream()
                .filter(r -> first.trialId().equals(MlflowRest.tag(r, "flowlab.trialId"))).toList();
        assertThat(trialRuns).as("one run per trial: the failed attempt's run is deleted").hasSize(1);
        JsonNode run = trialRuns.get(0);
        MirrorAssertions.assertHistories(rest, rest.run(MlflowRest.runId(run)),
                store.trial("resume", first.trialId()).orElseThrow()); // the second attempt's points, once
        assertThat(MlflowRest.status(run)).isEqualTo("FINISHED");
        assertThat(MlflowRest.tags(run)).doesNotContainKeys("flowlab.failureReason")
                .containsEntry("flowlab.attempt", "2").containsEntry("flowlab.sweepId", secondSweep);
        assertThat(MlflowRest.tag(run, "mlflow.note.content")).as("the failure is gone from the description")
                .doesNotContain("FAILED").contains("test/bpd");
        String newParent = rest.runsOfExperiment("resume").stream()
                .filter(r -> secondSweep.equals(MlflowRest.tag(r, "flowlab.sweepId")) && "sweep".equals(MlflowRest.tag(r, "flowlab.kind")))
                .map(MlflowRest::runId).findFirst().orElseThrow();
        assertThat(MlflowRest.tag(run, "mlflow.parentRunId")).isEqualTo(newParent);
        assertThat(rest.runsOfExperiment("resume")).hasSize(4); // 2 parents + 2 trials
    }

    @Test
    void largeBatchesLongValuesAndOddKeysStayWithinServerLimits() {
        RunStore store = RunStore.open(runs);
        MlflowTracker tracker = tracker(store, TrackingSettings.DEFAULTS);
        TrialInfo trial;
        try (SyntheticSweep sweep = new SyntheticSweep(store, tracker, "limits")) {
            TrialInfo base = sweep.trial("conv1x1", "affine", 1);
            Map<String, String> params = new java.util.TreeMap<>(base.params());
            IntStream.range(0, 150).forEach(i -> params.put("extra.option" + i, "v" + i)); // > 100 params per request
            params.put("model.notes", "x".repeat(7000)); // > 6000 chars
            trial = new TrialInfo(base.trialId(), base.sweepId(), base.experimentName(), base.runName(), base.seed(),
                    params, Map.of("odd key (with) [brackets]", "kept, renamed"));
            tracker.trialStarted(sweep.info(), trial);
            List<MetricPoint> many = new ArrayList<>();
            for (int step = 0; step < 2600; step++) { // > 1000 metrics per request, in one call
                many.add(new MetricPoint("train/bpd", step, 3.0 - step * 1e-4, 1_000_000 + step));
            }
            many.add(new MetricPoint("grad_norm", 1, Double.POSITIVE_INFINITY, 2_000_000));
            tracker.metrics(trial, many);
            tracker.trialEnded(trial, TrialStatus.FINISHED, null);
        }
        tracker.close();

        MlflowRest rest = new MlflowRest(MLFLOW.uri());
        JsonNode run = rest.runsOfExperiment("limits").stream()
                .filter(r -> "trial".equals(MlflowRest.tag(r, "flowlab.kind"))).findFirst().orElseThrow();
        run = rest.run(MlflowRest.runId(run));
        Map<String, String> params = MlflowRest.params(run);
        assertThat(params).hasSize(trial.params().size());
        assertThat(params.get("model.notes")).hasSize(Limits.PARAM_VALUE_LENGTH).endsWith("[truncated]");
        assertThat(MlflowRest.tags(run)).containsEntry("odd key _with_ _brackets_", "kept, renamed");
        List<MlflowRest.Point> history = rest.history(MlflowRest.runId(run), "train/bpd");
        assertThat(history).hasSize(2600);
        assertThat(history).extracting(MlflowRest.Point::step).containsExactlyElementsOf(
                IntStream.range(0, 2600).mapToObj(i -> (long) i).toList());
        assertThat(rest.history(MlflowRest.runId(run), "grad_norm")).extracting(MlflowRest.Point::value)
                .containsExactly(Double.MAX_VALUE);
    }

    @Test
    void overflowingQueueNeverBlocksTrainingAndTheCatchUpDeliversEverything() {
        RunStore store = RunStore.open(runs);
        // A queue of 16 events cannot hold a trial's worth: most events are left to the end-of-sweep catch-up.
        MlflowTracker tracker = tracker(store, TrackingSettings.DEFAULTS.withQueueCapacity(16));
        try (SyntheticSweep sweep = new SyntheticSweep(store, tracker, "overflow")) {
            for (long seed = 1; seed <= 3; seed++) {
                sweep.runTrial(sweep.trial("shuffle", "affine", seed), 60, 1, false);
            }
            sweep.end(TrialStatus.FINISHED);
        }
        tracker.close();

        assertThat(tracker.droppedEvents()).isPositive();
        assertThat(tracker.undeliveredSweeps()).as("console: %s", console).isEmpty();
        assertThat(console).anyMatch(line -> line.contains("caught up from the run store"));
        MirrorAssertions.assertMirrored(store, "overflow", new MlflowRest(MLFLOW.uri()));
    }

    @Test
    void experimentCreationRaceEndsWithOneExperiment() throws Exception {
        int workers = 4;
        List<String> ids = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(new Thread(() -> {
                try (MlflowApi api = new MlflowApi(MlflowEndpoint.of(MLFLOW.uri(), Map.of()), TrackingSettings.DEFAULTS)) {
                    RunMirror mirror = new RunMirror(api, new Retrier(TrackingSettings.DEFAULTS),
                            Deadline.in(Duration.ofSeconds(30)), console::add);
                    ids.add(mirror.experimentId("race"));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ids).hasSize(workers).containsOnly(ids.get(0));
    }
}
