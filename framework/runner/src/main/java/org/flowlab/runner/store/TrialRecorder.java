package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.flowlab.engine.train.MetricPoint;

/**
 * Writes one attempt of one trial: the attempt line (with its {@link TrialInfo}), every metric point as it
 * arrives, the artifacts, and the end status. The trial's folder is its id (the config hash), so a re-run
 * of the same configuration appends a new attempt to the same history.
 */
public final class TrialRecorder implements AutoCloseable {

    static final String OUTPUT = "output";

    private final Path folder;
    private final TrialInfo info;
    private final int attempt;
    private final JsonLines.Appender events;

    private TrialRecorder(Path folder, TrialInfo info, int attempt, JsonLines.Appender events) {
        this.folder = folder;
        this.info = info;
        this.attempt = attempt;
        this.events = events;
    }

    static TrialRecorder begin(Path folder, TrialInfo info, JsonNode resolvedConfig, JsonNode provenance, long startTime) {
        int previousAttempts = 0;
        boolean previousOpen = false;
        for (JsonNode event : JsonLines.read(folder.resolve(RunStore.EVENTS))) {
            switch (event.path("event").asText()) {
                case "attempt" -> {
                    previousAttempts = event.path("attempt").asInt(previousAttempts + 1);
                    previousOpen = true;
                }
                case "end" -> previousOpen = false;
                default -> { }
            }
        }
        if (previousOpen) {
            appendInterrupted(folder);
        }
        StoreJson.writeJsonAtomically(folder.resolve("config.json"), resolvedConfig);
        StoreJson.writeJsonAtomically(folder.resolve("provenance.json"), provenance);
        // A dead attempt may have left a half-written checkpoint; the new attempt starts from a clean folder.
        deleteRecursively(folder.resolve(OUTPUT));
        JsonLines.Appender events = JsonLines.append(folder.resolve(RunStore.EVENTS));
        int attempt = previousAttempts + 1;
        ObjectNode line = StoreJson.object();
        line.put("event", "attempt");
        line.put("attempt", attempt);
        line.put("time", startTime);
        line.put("pid", ProcessHandle.current().pid());
        line.set("info", StoreJson.toJson(info));
        events.writeDurably(line);
        TrialRecorder recorder = new TrialRecorder(folder, info, attempt, events);
        recorder.artifact(folder.resolve("config.json"), "");
        recorder.artifact(folder.resolve("provenance.json"), "");
        return recorder;
    }

    static void appendInterrupted(Path folder) {
        try (JsonLines.Appender appender = JsonLines.append(folder.resolve(RunStore.EVENTS))) {
            appender.writeDurably(endEvent(TrialStatus.FAILED, RunStore.INTERRUPTED, null, Instant.now().toEpochMilli()));
        }
    }

    public TrialInfo info() {
        return info;
    }

    public int attempt() {
        return attempt;
    }

    public Path folder() {
        return folder;
    }

    /** The folder handed to the trainer for its checkpoint and sample grids; empty at the start of an attempt. */
    public Path outputDir() {
        try {
            return Files.createDirectories(folder.resolve(OUTPUT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void started(long parameterCount, long totalSteps) {
        started(parameterCount, totalSteps, Instant.now().toEpochMilli());
    }

    /** The {@code time} variants record an event that happened elsewhere, at its own time (epoch ms). */
    public void started(long parameterCount, long totalSteps, long time) {
        ObjectNode event = StoreJson.object();
        event.put("event", "started");
        event.put("parameterCount", parameterCount);
        event.put("totalSteps", totalSteps);
        event.put("time", time);
        events.writeDurably(event);
    }

    public void metric(MetricPoint point) {
        events.write(StoreJson.toJson(point));
        events.forceIfDue();
    }

    /** Registers a file inside the trial's folder as an artifact of this attempt. */
    public StoredArtifact artifact(Path file, String artifactPath) {
        events.writeDurably(artifactEvent(folder, file, artifactPath));
        return new StoredArtifact(file.toAbsolutePath().normalize(), artifactPath);
    }

    public void finished(TrialOutcome outcome) {
        finished(outcome, Instant.now().toEpochMilli());
    }

    public void finished(TrialOutcome outcome, long time) {
        events.writeDurably(endEvent(TrialStatus.FINISHED, null, outcome, time));
    }

    public void failed(String reason) {
        failed(reason, Instant.now().toEpochMilli());
    }

    public void failed(String reason, long time) {
        events.writeDurably(endEvent(TrialStatus.FAILED, reason, null, time));
    }

    static ObjectNode artifactEvent(Path folder, Path file, String artifactPath) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = folder.toAbsolutePath().normalize();
        if (!absolute.startsWith(base)) {
            throw new IllegalArgumentException("artifact " + file + " is outside " + folder
                    + "; the run store keeps only files inside its own folders");
        }
        ObjectNode event = StoreJson.object();
        event.put("event", "artifact");
        event.put("file", base.relativize(absolute).toString().replace('\\', '/'));
        event.put("artifactPath", artifactPath);
        try {
            // the size lets readers tell a truncated or replaced file from the one that was registered
            event.put("bytes", Files.size(absolute));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register artifact " + file + ": " + e.getMessage(), e);
        }
        return event;
    }

    private static ObjectNode endEvent(TrialStatus status, String reason, TrialOutcome outcome, long time) {
        ObjectNode event = StoreJson.object();
        event.put("event", "end");
        event.put("status", status.name());
        event.put("reason", reason);
        event.put("time", time);
        if (outcome != null) {
            event.set("outcome", StoreJson.toJson(outcome));
        }
        return event;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + path, e);
        }
    }

    @Override
    public void close() {
        events.close();
    }
}
