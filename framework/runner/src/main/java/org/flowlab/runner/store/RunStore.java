package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
 * Reading never writes and tolerates a concurrent writer and a torn last line (see {@link JsonLines}). Every
 * read is checked ({@link StoredTrialReader}, {@link StoredSweepReader}): what FlowLab did not write is reported
 * as {@link StoreDamage} naming the file and line, on the one trial or sweep it belongs to — never skipped
 * silently, never an exception that stops the reading of the others.
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

    /** Every trial, damaged ones included (FAILED, with {@link StoredTrial#damage()}), in the order first run. */
    public List<StoredTrial> trials(String experimentName) {
        boolean live = isLive(experimentName);
        List<StoredTrialReader.Read> reads = new ArrayList<>();
        for (Path folder : subfolders(experimentFolder(experimentName).resolve(TRIALS))) {
            readTrial(folder, live).ifPresent(reads::add);
        }
        reads.sort(Comparator.comparingLong(StoredTrialReader.Read::firstStarted)
                .thenComparing(r -> r.trial().info().trialId()));
        return reads.stream().map(StoredTrialReader.Read::trial).toList();
    }

    public Optional<StoredSweep> sweep(String experimentName, String sweepId) {
        return readSweep(sweepFolder(experimentName, sweepId), isLive(experimentName));
    }

    public Optional<StoredTrial> trial(String experimentName, String trialId) {
        return readTrial(trialFolder(experimentName, trialId), isLive(experimentName)).map(StoredTrialReader.Read::trial);
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
        return startTrial(info, resolvedConfig, provenance, Instant.now().toEpochMilli());
    }

    /**
     * As {@link #startTrial(TrialInfo, JsonNode, JsonNode)}, for an attempt that began elsewhere at {@code startTime}
     * (a cluster worker's, written here when its result arrives): the store keeps the trial's own times, so its
     * duration, and MLflow's, are the training's, not the moment of the copy.
     */
    public TrialRecorder startTrial(TrialInfo info, JsonNode resolvedConfig, JsonNode provenance, long startTime) {
        return TrialRecorder.begin(trialFolder(info.experimentName(), info.trialId()), info, resolvedConfig, provenance,
                startTime);
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
            Optional<StoredTrialReader.Read> trial = readTrial(folder, true);
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

    private Optional<StoredSweep> readSweep(Path folder, boolean live) {
        return StoredSweepReader.read(folder, folder.getParent().getParent().getFileName().toString(), live);
    }

    private Optional<StoredTrialReader.Read> readTrial(Path folder, boolean live) {
        return StoredTrialReader.read(folder, folder.getParent().getParent().getFileName().toString(), live);
    }

    /** An artifact event's file, which must lie inside {@code folder} (a damaged line must not point elsewhere). */
    static StoredArtifact artifact(Path folder, JsonNode event) {
        Path base = folder.toAbsolutePath().normalize();
        Path file = base.resolve(StoreJson.text(event, "file")).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new StoreFormatException("names a file outside its folder " + StoreJson.excerpt(event.get("file").asText()));
        }
        JsonNode path = event.get("artifactPath");
        if (path != null && !path.isNull() && !path.isTextual()) {
            throw new StoreFormatException("has no valid 'artifactPath'");
        }
        return new StoredArtifact(file, path == null || path.isNull() ? "" : path.asText());
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
