package org.flowlab.runner.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flowlab.runner.provenance.GitState;
import org.flowlab.runner.provenance.Provenance;
import org.flowlab.runner.run.SweepProgress;
import org.flowlab.runner.run.SweepResult;
import org.flowlab.runner.run.SweepRunner;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.sweep.SweepPlanner;
import org.flowlab.runner.testing.FakeTrainer;
import org.flowlab.runner.testing.RecordingTracker;
import org.flowlab.runner.testing.TestRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a real run store — written by the real runner, recorder and store code — and what every
 * read makes of them: the damage is named (file and line), the damaged trial is FAILED and runs again, one
 * damaged trial never hides or blocks the others, a torn last line is a crash (the trial is redone), and
 * {@code flowlab run} says in one line per damaged trial what it found and what it will do. Future changes to the
 * store must keep these passing.
 */
class StoreFaultInjectionTest {

    private static final String FILE = """
            name: faults
            description: fault injection
            dataset: {name: synthetic}
            model: {levels: 2, depth: 2, hidden: 8}
            train: {steps: 6, batchSize: 4, evalEvery: 3, warmupSteps: 0}
            sweep:
              model.permutation: [reverse, shuffle, conv1x1-lu]
              seeds: [1, 2]
            """;

    private static final Provenance PROVENANCE = new Provenance(new GitState("cafe", false, "/repo"), "9.9",
            Map.of("couplings", "9.9"), "java", "os", "host", 2, 1, 1, "cpu");

    @TempDir
    Path root;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private RunStore store;

    @BeforeEach
    void aFinishedSweep() {
        store = RunStore.open(root);
        assertThat(sweep().exitCode()).isZero();
        assertThat(store.trials("faults")).hasSize(6).allSatisfy(t -> assertThat(t.damaged()).isFalse());
        console.reset();
    }

    private SweepResult sweep() {
        SweepPlan plan = new SweepPlanner(TestRegistry.create()).plan(new ExperimentLoader(TestRegistry.create())
                .parse(FILE, "faults.yaml", "faults", List.of()));
        return new SweepRunner(store, FakeTrainer::succeeding, new RecordingTracker(), SweepProgress.NONE, PROVENANCE,
                new PrintStream(console, true, StandardCharsets.UTF_8)).run(plan, 1);
    }

    private StoredTrial trial(String runName) {
        return store.trials("faults").stream().filter(t -> t.info().runName().equals(runName)).findFirst().orElseThrow();
    }

    private Map<String, StoredTrial> byName() {
        return store.trials("faults").stream().collect(Collectors.toMap(t -> t.info().runName(), Function.identity()));
    }

    private static Path events(StoredTrial trial) {
        return trial.folder().resolve("events.jsonl");
    }

    /** Rewrites the file's lines; {@code edit} gets and returns them (1-based numbers are index + 1). */
    private static void editLines(Path file, Function<List<String>, List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Files.writeString(file, String.join("\n", edit.apply(lines)) + "\n", StandardCharsets.UTF_8);
    }

    private static int lineOf(Path file, String fragment) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError(fragment + " not in " + file);
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGarbageLineInTheMiddleOfTheMetricsIsReportedWithFileAndLine() throws IOException {
        Path events = events(trial("reverse/s1"));
        editLines(events, lines -> {
            lines.add(5, "garbage \u0000 that is not json");
            return lines;
        });
        StoredTrial damaged = trial("reverse/s1");
        assertThat(damaged.damaged()).isTrue();
        assertThat(damaged.damage()).isEqualTo(new StoreDamage(events, 6, damaged.damage().problem()));
        assertThat(damaged.damage().problem()).startsWith("is not JSON ('garbage ? that is not json')");
        assertThat(damaged.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(damaged.failureReason()).isEqualTo("damaged: " + events + " line 6: " + damaged.damage().problem());
        assertThat(damaged.outcome()).as("a damaged trial's results are not trusted").isNull();
        assertThat(byName().values()).filteredOn(t -> !t.damaged()).hasSize(5)
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.FINISHED));
    }

    @Test
    void aLineOfNulBytesIsDamageNotABlankLine() throws IOException {
        Path events = events(trial("reverse/s2"));
        editLines(events, lines -> {
            lines.add(2, "\u0000".repeat(40));
            return lines;
        });
        assertThat(trial("reverse/s2").damage().describe()).isEqualTo(events + " line 3: is not JSON ('"
                + "?".repeat(40) + "')");
    }

    @Test
    void aMetricLineThatIsJsonButNotAPointIsDamageToo() throws IOException {
        Path events = events(trial("shuffle/s1"));
        int line = lineOf(events, "\"name\":\"lr\"");
        editLines(events, lines -> {
            lines.set(line - 1, lines.get(line - 1).replaceAll("\"value\":[^,}]*", "\"value\":\"fast\""));
            return lines;
        });
        StoredTrial damaged = trial("shuffle/s1");
        assertThat(damaged.damage().describe()).isEqualTo(events + " line " + line
                + ": 'metric' event has no valid 'value' ('\"fast\"')");
    }

    @Test
    void anUnknownStatusNamesTheFileAndLineAndBlocksNothing() throws IOException {
        Path events = events(trial("conv1x1-lu/s2"));
        int end = lineOf(events, "\"event\":\"end\"");
        editLines(events, lines -> {
            lines.set(end - 1, lines.get(end - 1).replace("\"FINISHED\"", "\"BOGUS\""));
            return lines;
        });
        StoredTrial damaged = trial("conv1x1-lu/s2");
        assertThat(damaged.damage().describe()).isEqualTo(events + " line " + end
                + ": 'end' event has an unknown status '\"BOGUS\"' (valid: RUNNING, FINISHED, FAILED)");
        assertThat(damaged.failureReason()).doesNotContain("No enum constant");
        assertThat(store.trials()).hasSize(6);
        assertThat(store.sweeps()).hasSize(1);

        SweepResult again = sweep(); // `flowlab run` is not blocked: it redoes only the damaged trial
        assertThat(again.ran()).extracting(t -> t.runName()).containsExactly("conv1x1-lu/s2");
        assertThat(console()).contains("warning: trial conv1x1-lu/s2 is damaged in the run store, so it will be run again: "
                + events + " line " + end + ": 'end' event has an unknown status");
        assertThat(trial("conv1x1-lu/s2").status()).isEqualTo(TrialStatus.FINISHED);
        assertThat(trial("conv1x1-lu/s2").damaged()).as("damage in a superseded attempt is history").isFalse();
        assertThat(trial("conv1x1-lu/s2").attempt()).isEqualTo(2);
    }

    @Test
    void aGarbageConfigJsonIsDamage() throws IOException {
        Path config = trial("reverse/s2").folder().resolve("config.json");
        Files.writeString(config, "{\"model\": {\"permutation\": \"rev");
        StoredTrial damaged = trial("reverse/s2");
        assertThat(damaged.damage().file()).isEqualTo(config);
        assertThat(damaged.damage().describe()).startsWith(config + ": ");
        assertThat(damaged.status()).isEqualTo(TrialStatus.FAILED);
    }

    @Test
    void aDeletedCheckpointIsDamage() throws IOException {
        Path checkpoint = trial("shuffle/s2").folder().resolve("output/checkpoint.zip");
        Files.delete(checkpoint);
        assertThat(trial("shuffle/s2").damage().describe())
                .isEqualTo(checkpoint + ": is missing (registered as an artifact)");
    }

    @Test
    void aTruncatedArtifactIsDamage() throws IOException {
        Path grid = trial("shuffle/s2").folder().resolve("output/samples_T0.5.png");
        Files.writeString(grid, "");
        assertThat(trial("shuffle/s2").damage().describe()).isEqualTo(grid + ": has 0 bytes, the store recorded 3");
    }

    @Test
    void aFileRewrittenAndRegisteredAgainCountsWithItsLatestSize() throws IOException {
        try (ExperimentLock lock = store.lock("faults");
             SweepRecorder sweep = store.startSweep(new SweepInfo("s-rewrite", "faults", null, java.time.Instant.now(),
                     Map.of()))) {
            Path summary = Files.writeString(sweep.folder().resolve("summary.md"), "first");
            sweep.artifact(summary, "");
            Files.writeString(summary, "second, longer");
            sweep.artifact(summary, "");
            sweep.end(TrialStatus.FINISHED, null);
        }
        StoredSweep read = store.sweep("faults", "s-rewrite").orElseThrow();
        assertThat(read.damaged()).isFalse();
        assertThat(read.artifacts()).hasSize(1);
    }

    @Test
    void aTornLastLineIsACrashNotDamage() throws IOException {
        Path events = events(trial("shuffle/s1"));
        String text = Files.readString(events);
        // the "end" line cut short mid-write: no newline, as a crash leaves it
        Files.writeString(events, text.substring(0, text.length() - 20));
        StoredTrial torn = trial("shuffle/s1");
        assertThat(torn.damaged()).isFalse();
        assertThat(torn.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(torn.failureReason()).isEqualTo(RunStore.INTERRUPTED);

        SweepResult again = sweep();
        assertThat(again.ran()).extracting(t -> t.runName()).containsExactly("shuffle/s1");
        assertThat(console()).doesNotContain("damaged");
        assertThat(trial("shuffle/s1").status()).isEqualTo(TrialStatus.FINISHED);
    }

    @Test
    void everyFaultAtOnceRunTellsWhatItFoundAndRedoesOnlyThoseTrials() throws IOException {
        Path garbage = events(trial("reverse/s1"));
        editLines(garbage, lines -> {
            lines.add(3, "%%%");
            return lines;
        });
        Path config = trial("reverse/s2").folder().resolve("config.json");
        Files.writeString(config, "not json at all");
        Path checkpoint = trial("shuffle/s2").folder().resolve("output/checkpoint.zip");
        Files.delete(checkpoint);
        Path bogus = events(trial("conv1x1-lu/s2"));
        editLines(bogus, lines -> lines.stream().map(l -> l.replace("\"FINISHED\"", "\"BOGUS\"")).toList());
        Path torn = events(trial("shuffle/s1"));
        String text = Files.readString(torn);
        Files.writeString(torn, text.substring(0, text.length() - 9));

        SweepResult again = sweep();
        assertThat(again.exitCode()).isZero();
        assertThat(again.ran()).extracting(t -> t.runName())
                .containsExactlyInAnyOrder("reverse/s1", "reverse/s2", "shuffle/s2", "conv1x1-lu/s2", "shuffle/s1");
        assertThat(again.skipped()).extracting(t -> t.runName()).containsExactly("conv1x1-lu/s1");
        List<String> warnings = console().lines().filter(l -> l.startsWith("warning:")).toList();
        assertThat(warnings).hasSize(4);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("reverse/s1", garbage + " line 4: is not JSON ('%%%')"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("reverse/s2", config + ": is not valid JSON"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("shuffle/s2", checkpoint + ": is missing"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("conv1x1-lu/s2", bogus + " line ", "unknown status"));
        assertThat(warnings).allSatisfy(w -> assertThat(w).contains("so it will be run again"));
        assertThat(store.trials("faults")).hasSize(6).allSatisfy(t -> {
            assertThat(t.damaged()).isFalse();
            assertThat(t.status()).isEqualTo(TrialStatus.FINISHED);
        });
    }

    @Test
    void aTrialWhoseAttemptLineIsUnreadableIsStillListedAndRedone() throws IOException {
        StoredTrial before = trial("conv1x1-lu/s1");
        Path events = events(before);
        editLines(events, lines -> {
            lines.set(0, "{\"event\":\"attempt\",\"attempt\":1,\"info\":{\"trialId\":42}}");
            return lines;
        });
        StoredTrial damaged = store.trial("faults", before.info().trialId()).orElseThrow();
        assertThat(damaged.damage().describe()).isEqualTo(events + " line 1: 'attempt' event has no valid 'trialId' ('42')");
        assertThat(damaged.info().trialId()).isEqualTo(before.info().trialId());
        assertThat(damaged.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(sweep().ran()).extracting(t -> t.runName()).containsExactly("conv1x1-lu/s1");
        assertThat(trial("conv1x1-lu/s1").damaged()).isFalse();
    }

    @Test
    void anEventsFileThatCannotBeReadIsDamageOfThatTrialOnly() throws IOException {
        StoredTrial before = trial("shuffle/s1");
        Path events = events(before);
        Files.delete(events);
        Files.createDirectory(events);
        StoredTrial damaged = store.trial("faults", before.info().trialId()).orElseThrow();
        assertThat(damaged.damage().file()).isEqualTo(events);
        assertThat(damaged.damage().problem()).startsWith("cannot be read (cannot read " + events);
        assertThat(damaged.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(store.trials("faults")).hasSize(6).filteredOn(StoredTrial::damaged).hasSize(1);
    }

    @Test
    void aDamagedSweepIsReportedAndTheOthersAreRead() throws IOException {
        assertThat(sweep().exitCode()).isZero(); // a second sweep (all skipped)
        List<StoredSweep> sweeps = store.sweeps("faults");
        assertThat(sweeps).hasSize(2);
        Path info = sweeps.get(0).folder().resolve("sweep.json");
        Files.writeString(info, "[]");
        Path summary = sweeps.get(1).folder().resolve("summary.md");
        Files.delete(summary);

        List<StoredSweep> read = store.sweeps("faults");
        assertThat(read).hasSize(2).allSatisfy(s -> assertThat(s.status()).isEqualTo(TrialStatus.FAILED));
        assertThat(read).extracting(s -> s.damage().describe())
                .containsExactlyInAnyOrder(info + ": is not a JSON object", summary + ": is missing (registered as an artifact)");
        assertThat(store.trials("faults")).hasSize(6).allSatisfy(t -> assertThat(t.damaged()).isFalse());
    }

    @Test
    void anArtifactLineCannotPointOutsideItsFolder() throws IOException {
        Path events = events(trial("reverse/s1"));
        int line = lineOf(events, "checkpoint.zip");
        editLines(events, lines -> {
            lines.set(line - 1, lines.get(line - 1).replace("output/checkpoint.zip", "../../../../etc/passwd"));
            return lines;
        });
        assertThat(trial("reverse/s1").damage().describe()).isEqualTo(events + " line " + line
                + ": 'artifact' event names a file outside its folder '../../../../etc/passwd'");
    }
}
