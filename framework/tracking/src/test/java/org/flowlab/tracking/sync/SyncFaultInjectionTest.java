package org.flowlab.tracking.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.store.TrialRecorder;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.tracking.cli.SyncCommand;
import org.flowlab.tracking.mlflow.Deadline;
import org.flowlab.tracking.mlflow.MlflowApi;
import org.flowlab.tracking.mlflow.MlflowEndpoint;
import org.flowlab.tracking.mlflow.MlflowTracker;
import org.flowlab.tracking.mlflow.Retrier;
import org.flowlab.tracking.mlflow.RunMirror;
import org.flowlab.tracking.mlflow.TrackingSettings;
import org.flowlab.tracking.testing.CliRun;
import org.flowlab.tracking.testing.MirrorAssertions;
import org.flowlab.tracking.testing.MlflowRest;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between the run store and a real MLflow server, and what the server ends with: every assertion counts
 * the points of each metric through REST get-history. The rule: the server equals the store — each point
 * (run, metric, step) once, never more — and what the store reports damaged is not uploaded as if whole.
 * Future changes to the live mirror or to {@code flowlab sync} must keep these passing.
 */
class SyncFaultInjectionTest {

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    Path temp;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final MlflowRest rest = new MlflowRest(MLFLOW.uri());

    private CliRun sync(Path store) {
        return CliRun.of(new SyncCommand(), "--tracking-uri", MLFLOW.uri(), "--store", store.toString());
    }

    private MlflowTracker tracker(RunStore store) {
        return new MlflowTracker(MlflowEndpoint.of(MLFLOW.uri(), Map.of()), TrackingSettings.DEFAULTS, store, console::add);
    }

    /** Works on the server as FlowLab's mirror does (an older version's live mirror, a concurrent process). */
    private void withMirror(Consumer<RunMirror> work) {
        try (MlflowApi api = new MlflowApi(MlflowEndpoint.of(MLFLOW.uri(), Map.of()), TrackingSettings.DEFAULTS)) {
            work.accept(new RunMirror(api, new Retrier(TrackingSettings.DEFAULTS), Deadline.in(Duration.ofSeconds(60)),
                    console::add));
        }
    }

    /** The active runs of one trial on the server. */
    private List<JsonNode> trialRuns(String experiment, String trialId) {
        return rest.runsOfExperiment(experiment).stream()
                .filter(r -> trialId.equals(MlflowRest.tag(r, "flowlab.trialId"))).toList();
    }

    /** metric → number of points on the server, read through REST get-history. */
    private Map<String, Integer> serverCounts(JsonNode run) {
        Map<String, Integer> counts = new TreeMap<>();
        String runId = MlflowRest.runId(run);
        for (String key : MlflowRest.metricKeys(rest.run(runId))) {
            counts.put(key, rest.history(runId, key).size());
        }
        return counts;
    }

    private static Map<String, Integer> storeCounts(StoredTrial trial) {
        return trial.metrics().stream().collect(Collectors.groupingBy(MetricPoint::name, TreeMap::new,
                Collectors.reducing(0, p -> 1, Integer::sum)));
    }

    /** Exactly one run for the trial, holding exactly the store's points (counted per metric, then point by point). */
    private void assertServerEqualsStore(RunStore store, String experiment, String trialId) {
        StoredTrial trial = store.trial(experiment, trialId).orElseThrow();
        List<JsonNode> runs = trialRuns(experiment, trialId);
        assertThat(runs).as("runs of trial %s", trialId).hasSize(1);
        assertThat(serverCounts(runs.get(0))).as("points per metric on the server").isEqualTo(storeCounts(trial));
        JsonNode run = rest.run(MlflowRest.runId(runs.get(0)));
        for (String key : storeCounts(trial).keySet()) {
            List<Long> steps = rest.history(MlflowRest.runId(run), key).stream().map(MlflowRest.Point::step).toList();
            assertThat(steps).as("steps of %s", key).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(trial.metric(key).stream().map(MetricPoint::step).toList());
        }
    }

    /** A sweep mirrored live whose process dies in its first trial at step 40. */
    private TrialInfo killedUnderALiveMirror(RunStore store, String experiment, String permutation, long seed) {
        MlflowTracker live = tracker(store);
        TrialInfo trial;
        try (SyntheticSweep sweep = new SyntheticSweep(store, live, experiment)) {
            trial = sweep.trial(permutation, "affine", seed);
            killedAttempt(store, sweep, trial, live, 40);
        }
        live.close();
        return trial;
    }

    /** An attempt that logs steps 1..steps (store first, then the live tracker) and dies without an end line. */
    private static void killedAttempt(RunStore store, SyntheticSweep sweep, TrialInfo trial, Tracker tracker, int steps) {
        ObjectNode config = StoreJson.object();
        trial.params().forEach(config::put);
        try (TrialRecorder rec = store.startTrial(trial, config, config.deepCopy())) {
            tracker.trialStarted(sweep.info(), trial);
            for (int step = 1; step <= steps; step++) {
                List<MetricPoint> points = List.of(new MetricPoint("train/bpd", step, 5.0 / step, 1_000 + step),
                        new MetricPoint("lr", step, 1e-3, 1_000 + step));
                points.forEach(rec::metric);
                tracker.metrics(trial, points);
            }
        } // the process "dies": no end line; the lock goes with the sweep below
    }

    @Test
    void aLiveMirroredTrialKilledAndResumedHoldsEachPointOnce() {
        Path runs = temp.resolve("runs");
        RunStore store = RunStore.open(runs);
        TrialInfo trial = killedUnderALiveMirror(store, "killed", "conv1x1-lu", 1);
        assertThat(serverCounts(trialRuns("killed", trial.trialId()).get(0)))
                .isEqualTo(Map.of("lr", 40, "train/bpd", 40));
        assertThat(store.trial("killed", trial.trialId()).orElseThrow().failureReason()).isEqualTo(RunStore.INTERRUPTED);

        MlflowTracker resumed = tracker(store);
        try (SyntheticSweep sweep = new SyntheticSweep(store, resumed, "killed")) {
            sweep.runTrial(sweep.trial("conv1x1-lu", "affine", 1), 60, 7, false);
            sweep.end(TrialStatus.FINISHED);
        }
        resumed.close();
        assertThat(resumed.undeliveredSweeps()).as("console: %s", console).isEmpty();
        StoredTrial stored = store.trial("killed", trial.trialId()).orElseThrow();
        assertThat(stored.attempt()).isEqualTo(2);
        assertThat(storeCounts(stored)).containsEntry("train/bpd", 60).containsEntry("lr", 60);
        assertServerEqualsStore(store, "killed", trial.trialId());
        assertThat(rest.runsOfExperiment("killed")).filteredOn(r -> "sweep".equals(MlflowRest.tag(r, "flowlab.kind")))
                .as("the killed invocation's run is closed when the next one starts")
                .extracting(MlflowRest::status).containsExactlyInAnyOrder("FAILED", "FINISHED");

        CliRun sync = sync(runs);
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("0 metric points").doesNotContain("replaced");
        assertServerEqualsStore(store, "killed", trial.trialId());
        MirrorAssertions.assertMirrored(store, "killed", rest);
    }

    @Test
    void aResumeWhoseStartIsLeftToTheCatchUpStillHoldsEachPointOnce() {
        Path runs = temp.resolve("runs");
        RunStore store = RunStore.open(runs);
        TrialInfo trial = killedUnderALiveMirror(store, "overflow-resume", "shuffle", 4);
        // A queue of 16 events: most of the resumed attempt, its start perhaps included, goes to the catch-up.
        MlflowTracker resumed = new MlflowTracker(MlflowEndpoint.of(MLFLOW.uri(), Map.of()),
                TrackingSettings.DEFAULTS.withQueueCapacity(16), store, console::add);
        try (SyntheticSweep sweep = new SyntheticSweep(store, resumed, "overflow-resume")) {
            for (long seed = 1; seed <= 4; seed++) {
                sweep.runTrial(sweep.trial("shuffle", "affine", seed), 30, 1, false);
            }
            sweep.end(TrialStatus.FINISHED);
        }
        resumed.close();
        assertThat(resumed.droppedEvents()).isPositive();
        assertThat(resumed.undeliveredSweeps()).as("console: %s", console).isEmpty();
        for (StoredTrial stored : store.trials("overflow-resume")) {
            assertServerEqualsStore(store, "overflow-resume", stored.info().trialId());
        }
        CliRun sync = sync(runs);
        assertThat(sync.out()).contains(" 0 metric points").doesNotContain("replac");
        MirrorAssertions.assertMirrored(store, "overflow-resume", rest);
    }

    @Test
    void aRunBeingMirroredLiveIsNeverReplacedUnderIt() {
        Path runs = temp.resolve("runs");
        RunStore store = RunStore.open(runs);
        try (SyntheticSweep sweep = new SyntheticSweep(store, NoOpTracker.INSTANCE, "live")) {
            TrialInfo trial = sweep.trial("reverse", "additive", 1);
            killedAttempt(store, sweep, trial, NoOpTracker.INSTANCE, 10); // still RUNNING: the lock is held
            // the live tracker is ahead of what sync reads from the store
            withMirror(mirror -> mirror.logMetrics(mirror.freshTrialRun(trial, null, 1_000),
                    List.of(new MetricPoint("train/bpd", 11, 0.4, 2_000))));
            CliRun sync = sync(runs);
            assertThat(sync.out()).contains("is being mirrored live; not replaced").doesNotContain("replacing");
            List<JsonNode> found = trialRuns("live", trial.trialId());
            assertThat(found).hasSize(1);
            assertThat(serverCounts(found.get(0))).isEqualTo(Map.of("lr", 10, "train/bpd", 11));
        }
    }

    @Test
    void syncRepairsARunThatAnOlderMirrorFilledTwice() {
        Path runs = temp.resolve("runs");
        RunStore store = RunStore.open(runs);
        TrialInfo trial;
        try (SyntheticSweep sweep = new SyntheticSweep(store, NoOpTracker.INSTANCE, "doubled")) {
            trial = sweep.trial("shuffle", "additive", 2);
            sweep.runTrial(trial, 40, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }
        assertThat(sync(runs).exitCode()).isZero();
        // What the old live mirror left after a kill and a resume: steps 1-40 once more, at other times.
        StoredTrial stored = store.trial("doubled", trial.trialId()).orElseThrow();
        List<MetricPoint> doubled = new ArrayList<>();
        stored.metrics().forEach(p -> doubled.add(new MetricPoint(p.name(), p.step(), p.value() + 0.5, p.timestampMillis() - 100_000)));
        withMirror(mirror -> mirror.logMetrics(mirror.trialRun(stored.info(), null, stored.startedAt()), doubled));
        String before = MlflowRest.runId(trialRuns("doubled", trial.trialId()).get(0));
        assertThat(serverCounts(trialRuns("doubled", trial.trialId()).get(0)).get("train/bpd")).isEqualTo(80);

        CliRun repair = sync(runs);
        assertThat(repair.exitCode()).as(repair.err()).isZero();
        assertThat(repair.out()).contains("replacing run " + before).contains("more than once").contains("1 replaced");
        assertServerEqualsStore(store, "doubled", trial.trialId());
        MirrorAssertions.assertMirrored(store, "doubled", rest);
        assertThat(rest.run(before).path("info").path("lifecycle_stage").asText()).as("the stale run").isEqualTo("deleted");

        CliRun again = sync(runs);
        assertThat(again.out()).contains("sent 0 params/tags, 0 metric points, 0 statuses, 0 artifacts");
    }

    @Test
    void twoStoresHoldingTheSameTrialConvergeOnOneRun() throws IOException {
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        TrialInfo trial;
        try (SyntheticSweep sweep = new SyntheticSweep(RunStore.open(first), NoOpTracker.INSTANCE, "two-stores")) {
            trial = sweep.trial("reverse", "affine", 3);
            sweep.runTrial(trial, 50, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }
        // The same store copied to a second machine, and the same trial run there again, shorter.
        copy(first, temp.resolve("copy"));
        try (SyntheticSweep sweep = new SyntheticSweep(RunStore.open(second), NoOpTracker.INSTANCE, "two-stores")) {
            assertThat(sweep.trial("reverse", "affine", 3).trialId()).isEqualTo(trial.trialId());
            sweep.runTrial(sweep.trial("reverse", "affine", 3), 30, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }

        assertThat(sync(first).exitCode()).isZero();
        assertServerEqualsStore(RunStore.open(first), "two-stores", trial.trialId());
        CliRun copied = sync(temp.resolve("copy"));
        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(copied.out()).as("an identical copy adds nothing").contains("0 metric points").doesNotContain("replaced");
        assertServerEqualsStore(RunStore.open(first), "two-stores", trial.trialId());

        CliRun other = sync(second);
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(other.out()).contains("which the run store does not").contains("1 replaced");
        assertServerEqualsStore(RunStore.open(second), "two-stores", trial.trialId());

        CliRun back = sync(first); // the last store synced is what the server holds, each point once
        assertThat(back.exitCode()).isZero();
        assertServerEqualsStore(RunStore.open(first), "two-stores", trial.trialId());
    }

    @Test
    void furtherRunsOfOneTrialAreFoldedIntoOne() {
        Path runs = temp.resolve("runs");
        RunStore store = RunStore.open(runs);
        TrialInfo trial;
        try (SyntheticSweep sweep = new SyntheticSweep(store, NoOpTracker.INSTANCE, "raced")) {
            trial = sweep.trial("conv1x1", "affine", 1);
            sweep.runTrial(trial, 20, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }
        assertThat(sync(runs).exitCode()).isZero();
        // A second run carrying the same trial id, as two syncs racing (or an older FlowLab) could leave.
        ObjectNode create = StoreJson.object().put("experiment_id", rest.experimentId("raced")).put("run_name", "dup")
                .put("start_time", System.currentTimeMillis());
        create.putArray("tags").add(StoreJson.object().put("key", "flowlab.kind").put("value", "trial"))
                .add(StoreJson.object().put("key", "flowlab.trialId").put("value", trial.trialId()));
        rest.post("runs/create", create);
        assertThat(trialRuns("raced", trial.trialId())).hasSize(2);

        CliRun fold = sync(runs);
        assertThat(fold.exitCode()).as(fold.err()).isZero();
        assertThat(fold.err()).contains("deleted 1 further MLflow run(s) of trial " + trial.trialId());
        assertServerEqualsStore(store, "raced", trial.trialId());
    }

    @Test
    void syncAfterAPartialUploadSendsOnlyTheRest() {
        Path runs = temp.resolve("runs");
        RunStore store = RunStore.open(runs);
        TrialInfo trial;
        try (SyntheticSweep sweep = new SyntheticSweep(store, NoOpTracker.INSTANCE, "partial")) {
            trial = sweep.trial("shuffle", "affine", 1);
            sweep.runTrial(trial, 40, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }
        StoredTrial stored = store.trial("partial", trial.trialId()).orElseThrow();
        List<MetricPoint> firstHalf = stored.metrics().stream().filter(p -> p.step() <= 20).toList();
        // a live mirror that stopped halfway
        withMirror(mirror -> mirror.logMetrics(mirror.trialRun(stored.info(), null, stored.startedAt()), firstHalf));

        CliRun rest = sync(runs);
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("sent").contains(", " + (stored.metrics().size() - firstHalf.size()) + " metric points")
                .doesNotContain("replaced");
        assertServerEqualsStore(store, "partial", trial.trialId());
        MirrorAssertions.assertMirrored(store, "partial", this.rest);
    }

    @Test
    void damagedTrialsAreReportedNotUploadedAndBlockNothing() throws IOException {
        Path runs = temp.resolve("runs");
        RunStore store = RunStore.open(runs);
        List<TrialInfo> trials = new ArrayList<>();
        try (SyntheticSweep sweep = new SyntheticSweep(store, NoOpTracker.INSTANCE, "damaged")) {
            for (long seed = 1; seed <= 4; seed++) {
                trials.add(sweep.trial("reverse", "additive", seed));
                sweep.runTrial(trials.get(trials.size() - 1), 20, 10, false);
            }
            sweep.end(TrialStatus.FINISHED);
        }
        assertThat(sync(runs).exitCode()).isZero();
        Map<String, Integer> syncedBefore = serverCounts(trialRuns("damaged", trials.get(0).trialId()).get(0));
        Path garbage = store.trialFolder("damaged", trials.get(0).trialId()).resolve("events.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(garbage, StandardCharsets.UTF_8));
        lines.add(10, "{\"event\":\"metric\",\"name\":\"train/bpd\",\"step\":");
        Files.writeString(garbage, String.join("\n", lines) + "\n");
        Path bogus = store.trialFolder("damaged", trials.get(1).trialId()).resolve("events.jsonl");
        Files.writeString(bogus, Files.readString(bogus).replace("\"FINISHED\"", "\"BOGUS\""));
        Path checkpoint = store.trialFolder("damaged", trials.get(2).trialId()).resolve("output/checkpoint.zip");
        Files.delete(checkpoint);
        // ... and a trial never synced before, whose config.json is garbage
        try (SyntheticSweep sweep = new SyntheticSweep(store, NoOpTracker.INSTANCE, "damaged")) {
            trials.add(sweep.trial("reverse", "additive", 5));
            sweep.runTrial(trials.get(4), 20, 10, false);
            sweep.end(TrialStatus.FINISHED);
        }
        Path config = store.trialFolder("damaged", trials.get(4).trialId()).resolve("config.json");
        Files.writeString(config, "}{");
        Path sweepEvents = store.sweeps("damaged").get(0).folder().resolve("events.jsonl");
        Files.writeString(sweepEvents, "\u0000\u0000\u0000\n" + Files.readString(sweepEvents));

        CliRun run = sync(runs);
        assertThat(run.exitCode()).as("damage makes the sync incomplete").isEqualTo(1);
        assertThat(run.err()).doesNotContain("No enum constant")
                .contains("damaged: trial reverse/additive/s1 (" + trials.get(0).trialId() + "): " + garbage + " line 11: is not JSON")
                .contains("damaged: trial reverse/additive/s2 (" + trials.get(1).trialId() + "): " + bogus + " line ")
                .contains("unknown status '\"BOGUS\"'")
                .contains("damaged: trial reverse/additive/s3 (" + trials.get(2).trialId() + "): " + checkpoint + ": is missing")
                .contains("damaged: trial reverse/additive/s5 (" + trials.get(4).trialId() + "): " + config + ": is not valid JSON")
                .contains("not uploaded (`flowlab run` runs it again)")
                .contains("damaged: sweep " + store.sweeps("damaged").get(0).info().sweepId() + ": " + sweepEvents
                        + " line 1: is not JSON ('???')");
        assertThat(run.out()).contains("5 damaged in the run store, not uploaded");
        assertThat(trialRuns("damaged", trials.get(4).trialId())).as("never uploaded as good").isEmpty();
        assertThat(serverCounts(trialRuns("damaged", trials.get(0).trialId()).get(0)))
                .as("what the server had is left as it was").isEqualTo(syncedBefore);
        assertServerEqualsStore(store, "damaged", trials.get(3).trialId());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
