package org.flowlab.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowlab.engine.train.MetricPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    @TempDir
    Path root;

    private static TrialInfo trial(String id, String sweepId) {
        return new TrialInfo(id, sweepId, "exp", "reverse/s1", 1, Map.of("model.permutation", "reverse"),
                Map.of("config.hash", id));
    }

    private static SweepInfo sweep(String id) {
        return new SweepInfo(id, "exp", "a test", Instant.parse("2026-01-02T03:04:05Z"), Map.of("git.commit", "abc"));
    }

    private static ObjectNode json(String key, String value) {
        ObjectNode node = StoreJson.object();
        node.put(key, value);
        return node;
    }

    @Test
    void whatIsWrittenIsReadBack() throws Exception {
        RunStore store = RunStore.open(root);
        try (ExperimentLock lock = store.lock("exp");
             SweepRecorder sweep = store.startSweep(sweep("s1"));
             TrialRecorder trial = store.startTrial(trial("t1", "s1"), json("lr", "0.001"), json("git", "abc"))) {
            sweep.plannedTrials(List.of("t1", "t2"), List.of("t2"));
            trial.started(100, 2);
            trial.metric(new MetricPoint("train/bpd", 1, 3.5, 1000));
            trial.metric(new MetricPoint("train/bpd", 2, Double.NaN, 2000));
            trial.metric(new MetricPoint("test/bpd", 2, 3.0, 3000));
            Path checkpoint = Files.writeString(trial.outputDir().resolve("checkpoint.zip"), "w");
            trial.artifact(checkpoint, "checkpoint");
            trial.finished(new TrialOutcome(3.0, 3.4, 100, 2, 1.5));
            Path summary = Files.writeString(sweep.folder().resolve("summary.md"), "# s");
            sweep.artifact(summary, "");
            sweep.end(TrialStatus.FINISHED, null);
        }
        RunStore reader = RunStore.open(root);
        assertThat(reader.experimentNames()).containsExactly("exp");
        StoredSweep sweep = reader.sweeps().get(0);
        assertThat(sweep.info()).isEqualTo(sweep("s1"));
        assertThat(sweep.status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(sweep.trialIds()).containsExactly("t1", "t2");
        assertThat(sweep.skippedTrialIds()).containsExactly("t2");
        assertThat(sweep.artifacts()).containsExactly(new StoredArtifact(sweep.folder().resolve("summary.md"), ""));

        StoredTrial trial = reader.trials().get(0);
        assertThat(trial.info()).isEqualTo(trial("t1", "s1"));
        assertThat(trial.status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(trial.failureReason()).isNull();
        assertThat(trial.attempt()).isEqualTo(1);
        assertThat(trial.outcome()).isEqualTo(new TrialOutcome(3.0, 3.4, 100, 2, 1.5));
        assertThat(trial.metrics()).containsExactly(new MetricPoint("train/bpd", 1, 3.5, 1000),
                new MetricPoint("train/bpd", 2, Double.NaN, 2000), new MetricPoint("test/bpd", 2, 3.0, 3000));
        assertThat(trial.metric("test/bpd")).hasSize(1);
        assertThat(trial.artifacts()).extracting(StoredArtifact::artifactPath).containsExactly("", "", "checkpoint");
        assertThat(trial.artifacts()).extracting(a -> a.file().getFileName().toString())
                .containsExactly("config.json", "provenance.json", "checkpoint.zip");
        assertThat(trial.artifacts()).allSatisfy(a -> assertThat(a.file()).isRegularFile().isAbsolute());
        assertThat(StoreJson.readJson(trial.folder().resolve("config.json")).get("lr").asText()).isEqualTo("0.001");
    }

    @Test
    void aTornLastLineIsIgnoredAndCutBeforeTheNextWrite() throws Exception {
        RunStore store = RunStore.open(root);
        Path events;
        try (ExperimentLock lock = store.lock("exp");
             TrialRecorder trial = store.startTrial(trial("t1", "s1"), json("a", "b"), json("c", "d"))) {
            trial.metric(new MetricPoint("train/bpd", 1, 3.5, 1000));
            events = trial.folder().resolve("events.jsonl");
        }
        // a crash in the middle of a write
        Files.writeString(events, "{\"event\":\"metric\",\"name\":\"train/bpd\",\"st", StandardOpenOption.APPEND);
        StoredTrial read = store.trial("exp", "t1").orElseThrow();
        assertThat(read.metrics()).containsExactly(new MetricPoint("train/bpd", 1, 3.5, 1000));

        try (ExperimentLock lock = store.lock("exp");
             TrialRecorder again = store.startTrial(trial("t1", "s2"), json("a", "b"), json("c", "d"))) {
            again.metric(new MetricPoint("train/bpd", 1, 3.25, 4000));
            again.finished(new TrialOutcome(3, 3, 1, 1, 1));
        }
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        assertThat(lines).allSatisfy(line -> assertThat(StoreJson.MAPPER.readTree(line)).isNotNull());
        StoredTrial second = store.trial("exp", "t1").orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.info().sweepId()).isEqualTo("s2");
        assertThat(second.status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(second.metrics()).containsExactly(new MetricPoint("train/bpd", 1, 3.25, 4000));
        // the first attempt, left open by the "crash", was closed as interrupted before the second began
        assertThat(lines.stream().filter(l -> l.contains("\"end\"")).toList()).hasSize(2)
                .first().asString().contains(RunStore.INTERRUPTED);
    }

    @Test
    void runningWithoutALiveProcessIsReportedAsInterrupted() {
        RunStore store = RunStore.open(root);
        try (ExperimentLock lock = store.lock("exp");
             SweepRecorder sweep = store.startSweep(sweep("s1"));
             TrialRecorder trial = store.startTrial(trial("t1", "s1"), json("a", "b"), json("c", "d"))) {
            assertThat(store.isLive("exp")).isTrue();
            assertThat(store.trial("exp", "t1").orElseThrow().status()).isEqualTo(TrialStatus.RUNNING);
            assertThat(store.sweeps("exp").get(0).status()).isEqualTo(TrialStatus.RUNNING);
        }
        assertThat(store.isLive("exp")).isFalse();
        StoredTrial trial = store.trial("exp", "t1").orElseThrow();
        assertThat(trial.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(trial.failureReason()).isEqualTo(RunStore.INTERRUPTED);
        assertThat(store.sweeps("exp").get(0).failureReason()).isEqualTo(RunStore.SWEEP_INTERRUPTED);

        try (ExperimentLock lock = store.lock("exp")) {
            store.closeInterrupted("exp");
            // now closed on disk: seen as FAILED even while a run is live
            assertThat(store.trial("exp", "t1").orElseThrow().status()).isEqualTo(TrialStatus.FAILED);
            assertThat(store.sweeps("exp").get(0).status()).isEqualTo(TrialStatus.FAILED);
        }
    }

    @Test
    void theLockKeepsASecondRunOut() {
        RunStore store = RunStore.open(root);
        try (ExperimentLock lock = store.lock("exp")) {
            assertThatThrownBy(() -> store.lock("exp")).isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("another flowlab run (pid " + ProcessHandle.current().pid());
        }
        store.lock("exp").close();
    }

    @Test
    void anEmptyOrMissingStoreHasNothing() {
        RunStore store = RunStore.open(root.resolve("nothing-here"));
        assertThat(store.sweeps()).isEmpty();
        assertThat(store.trials()).isEmpty();
        assertThat(store.trial("exp", "x")).isEmpty();
    }

    @Test
    void artifactsMustLiveInsideTheStore() throws Exception {
        RunStore store = RunStore.open(root.resolve("store"));
        Path outside = Files.writeString(root.resolve("elsewhere.txt"), "x");
        try (ExperimentLock lock = store.lock("exp");
             TrialRecorder trial = store.startTrial(trial("t1", "s1"), json("a", "b"), json("c", "d"))) {
            assertThatThrownBy(() -> trial.artifact(outside, "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is outside");
        }
    }
}
