package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.flowlab.engine.train.MetricPoint;

/**
 * The local run store: the source of truth for every sweep and trial, the basis for resume, and what
 * MLflow mirrors. Plain files, so it needs no server and survives a crash at any moment:
 *
 * <pre>
 * &lt;root&gt;/&lt;experiment&gt;/.lock                       held by the live {@code flowlab run}, see {@link ExperimentLock}
 * &lt;root&gt;/&lt;experiment&gt;/sweeps/&lt;sweepId&gt;/sweep.json   SweepInfo (written once, atomically)
 *                                    /events.jsonl planned trial ids, artifacts, end status
 *                                    /experiment.yaml, summary.md, summary.csv, *.png
 * &lt;root&gt;/&lt;experiment&gt;/trials/&lt;trialId&gt;/config.json   the resolved config (canonical JSON; its hash is the id)
 *                                    /provenance.json  of the latest attempt
 *                                    /events.jsonl attempts (TrialInfo), metric points, artifacts, end status
 *                                    /output/      what the trainer wrote: checkpoint, sample grids
 * </pre>
 *
 * Reading never writes and tolerates a concurrent writer and a torn last line (see {@link JsonLines}).
 */
public final class RunStore {

    /** Failure reason of an attempt or sweep whose process died before it ended. */
    public static final String INTERRUPTED = "interrupted: the process stopped before the trial ended";
    public static final String SWEEP_INTERRUPTED = "interrupted: the process stopped before the sweep ended";

    static final String EVENTS = "events.jsonl";
    private static final String SWEEPS = "sweeps";
    private static final String TRIALS = "trials";

    private final Path root;

    private RunStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Opens (does not create) the store at {@code root}; a missing folder is an empty store. */
    public static RunStore open(Path root) {
        return new RunStore(root);
    }

    public Path root() {
        return root;
    }

    /** Every sweep of every experiment, oldest first. */
    public List<StoredSweep> sweeps() {
        List<StoredSweep> sweeps = new ArrayList<>();
        for (String experiment : experimentNames()) {
            sweeps.addAll(sweeps(experiment));
        }
        sweeps.sort(Comparator.comparing((StoredSweep s) -> s.info().startedAt()).thenComparing(s -> s.info().sweepId()));
        return sweeps;
    }

    /** Every trial of every experiment, grouped by experiment, then in the order they were first run. */
    public List<StoredTrial> trials() {
        List<StoredTrial> trials = new ArrayList<>();
        for (String experiment : experimentNames()) {
            trials.addAll(trials(experiment));
        }
        return trials;
    }

    public List<String> experimentNames() {
        return subfolders(root).stream().map(p -> p.getFileName().toString())
                .filter(name -> Files.isDirectory(root.resolve(name).resolve(SWEEPS))
                        || Files.isDirectory(root.resolve(name).resolve(TRIALS)))
                .sorted().toList();
    }

    public List<StoredSweep> sweeps(String experimentName) {
        boolean live = isLive(experimentName);
        List<StoredSweep> sweeps = new ArrayList<>();
        for (Path folder : subfolders(experimentFolder(experimentName).resolve(SWEEPS))) {
            readSweep(folder, live).ifPresent(sweeps::add);
        }
        sweeps.sort(Comparator.comparing((StoredSweep s) -> s.info().startedAt()).thenComparing(s -> s.info().sweepId()));
        return sweeps;
    }

    public List<StoredTrial> trials(String experimentName) {
        boolean live = isLive(experimentName);
        List<TrialRead> reads = new ArrayList<>();
        for (Path folder : subfolders(experimentFolder(experimentName).resolve(TRIALS))) {
            readTrial(folder, live).ifPresent(reads::add);
        }
        reads.sort(Comparator.comparingLong(TrialRead::firstStarted).thenComparing(r -> r.trial().info().trialId()));
        return reads.stream().map(TrialRead::trial).toList();
    }

    public Optional<StoredSweep> sweep(String experimentName, String sweepId) {
        return readSweep(sweepFolder(experimentName, sweepId), isLive(experimentName));
    }

    public Optional<StoredTrial> trial(String experimentName, String trialId) {
        return readTrial(trialFolder(experimentName, trialId), isLive(experimentName)).map(TrialRead::trial);
    }

    /** True while a {@code flowlab run} of this experiment holds its lock. */
    public boolean isLive(String experimentName) {
        return ExperimentLock.isHeld(experimentFolder(experimentName));
    }

    // ---- writing: used by the runner --------------------------------------------------------------------

    /** Taken by {@code flowlab run} for its whole duration; everything RUNNING without it was interrupted. */
    public ExperimentLock lock(String experimentName) {
        return ExperimentLock.acquire(experimentFolder(experimentName), 3_000);
    }

    public SweepRecorder startSweep(SweepInfo info) {
        return SweepRecorder.create(sweepFolder(info.experimentName(), info.sweepId()), info);
    }

    /**
     * Starts a new attempt of a trial. Call only while holding the experiment's {@link #lock}: an unfinished
     * earlier attempt is then known to be dead and is closed as FAILED ({@link #INTERRUPTED}) first.
     */
    public TrialRecorder startTrial(TrialInfo info, JsonNode resolvedConfig, JsonNode provenance) {
        return TrialRecorder.begin(trialFolder(info.experimentName(), info.trialId()), info, resolvedConfig, provenance);
    }

    /**
     * Closes, as FAILED with the interruption reason, every sweep and trial attempt of the experiment that a
     * dead process left RUNNING, so readers (and MLflow) see a final status. Requires the experiment's lock.
     */
    public void closeInterrupted(String experimentName) {
        for (Path folder : subfolders(experimentFolder(experimentName).resolve(SWEEPS))) {
            Optional<StoredSweep> sweep = readSweep(folder, true);
            if (sweep.isPresent() && sweep.get().status() == TrialStatus.RUNNING) {
                SweepRecorder.appendEnd(folder, TrialStatus.FAILED, SWEEP_INTERRUPTED);
            }
        }
        for (Path folder : subfolders(experimentFolder(experimentName).resolve(TRIALS))) {
            Optional<TrialRead> trial = readTrial(folder, true);
            if (trial.isPresent() && trial.get().trial().status() == TrialStatus.RUNNING) {
                TrialRecorder.appendInterrupted(folder);
            }
        }
    }

    public Path experimentFolder(String experimentName) {
        return root.resolve(experimentName);
    }

    public Path sweepFolder(String experimentName, String sweepId) {
        return experimentFolder(experimentName).resolve(SWEEPS).resolve(sweepId);
    }

    public Path trialFolder(String experimentName, String trialId) {
        return experimentFolder(experimentName).resolve(TRIALS).resolve(trialId);
    }

    // ---- reading ------------------------------------------------------------------------------------------

    private record TrialRead(StoredTrial trial, long firstStarted) {
    }

    private Optional<StoredSweep> readSweep(Path folder, boolean live) {
        Path infoFile = folder.resolve("sweep.json");
        if (!Files.isRegularFile(infoFile)) {
            return Optional.empty();
        }
        SweepInfo info = StoreJson.sweepInfo(StoreJson.readJson(infoFile));
        List<String> trialIds = List.of();
        List<String> skipped = List.of();
        List<StoredArtifact> artifacts = new ArrayList<>();
        TrialStatus status = TrialStatus.RUNNING;
        String reason = null;
        long endedAt = -1;
        for (JsonNode event : JsonLines.read(folder.resolve(EVENTS))) {
            switch (event.path("event").asText()) {
                case "trials" -> {
                    trialIds = strings(event.get("trialIds"));
                    skipped = strings(event.get("skipped"));
                }
                case "artifact" -> artifacts.add(artifact(folder, event));
                case "end" -> {
                    status = TrialStatus.valueOf(event.get("status").asText());
                    reason = StoreJson.textOrNull(event.get("reason"));
                    // closeInterrupted() writes a dead sweep's end when the next run starts: not its real end
                    endedAt = SWEEP_INTERRUPTED.equals(reason) ? -1 : event.path("time").asLong(-1);
                }
                default -> { } // unknown events from a newer version are ignored
            }
        }
        if (status == TrialStatus.RUNNING && !live) {
            status = TrialStatus.FAILED;
            reason = SWEEP_INTERRUPTED;
        }
        return Optional.of(new StoredSweep(info, status, reason, trialIds, skipped, artifacts, folder, endedAt));
    }

    private Optional<TrialRead> readTrial(Path folder, boolean live) {
        TrialInfo info = null;
        TrialStatus status = null;
        String reason = null;
        TrialOutcome outcome = null;
        List<MetricPoint> metrics = new ArrayList<>();
        List<StoredArtifact> artifacts = new ArrayList<>();
        int attempt = 0;
        long firstStarted = Long.MAX_VALUE;
        long lastRecord = -1; // the time of the latest attempt's last record: an interrupted attempt's end
        long endedAt = -1;
        for (JsonNode event : JsonLines.read(folder.resolve(EVENTS))) {
            switch (event.path("event").asText()) {
                case "attempt" -> {
                    info = StoreJson.trialInfo(event.get("info"));
                    attempt = event.path("attempt").asInt(attempt + 1);
                    firstStarted = Math.min(firstStarted, event.path("time").asLong(Long.MAX_VALUE));
                    lastRecord = event.path("time").asLong(-1);
                    endedAt = -1;
                    status = TrialStatus.RUNNING;
                    reason = null;
                    outcome = null;
                    metrics.clear();
                    artifacts.clear();
                }
                case "metric" -> {
                    MetricPoint point = StoreJson.metricPoint(event);
                    metrics.add(point);
                    lastRecord = Math.max(lastRecord, point.timestampMillis());
                }
                case "artifact" -> artifacts.add(artifact(folder, event));
                case "end" -> {
                    status = TrialStatus.valueOf(event.get("status").asText());
                    reason = StoreJson.textOrNull(event.get("reason"));
                    outcome = event.hasNonNull("outcome") ? StoreJson.trialOutcome(event.get("outcome")) : null;
                    // an interrupted attempt's end is written when the next run starts: its last record is its end
                    endedAt = INTERRUPTED.equals(reason) ? lastRecord : event.path("time").asLong(lastRecord);
                }
                default -> { }
            }
        }
        if (info == null) {
            return Optional.empty(); // created, but no attempt line reached the disk
        }
        if (status == TrialStatus.RUNNING && !live) {
            status = TrialStatus.FAILED;
            reason = INTERRUPTED;
            endedAt = lastRecord;
        }
        return Optional.of(new TrialRead(new StoredTrial(info, status, reason, metrics, artifacts, outcome, attempt,
                folder, firstStarted, endedAt), firstStarted));
    }

    static StoredArtifact artifact(Path folder, JsonNode event) {
        return new StoredArtifact(folder.resolve(event.get("file").asText()).normalize(),
                event.path("artifactPath").asText(""));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> values.add(n.asText()));
        }
        return values;
    }

    private static List<Path> subfolders(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
