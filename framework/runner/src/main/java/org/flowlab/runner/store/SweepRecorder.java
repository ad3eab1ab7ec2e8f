package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes one sweep invocation's records. Used by the runner while it holds the experiment's lock. */
public final class SweepRecorder implements AutoCloseable {

    private final Path folder;
    private final SweepInfo info;
    private final JsonLines.Appender events;

    private SweepRecorder(Path folder, SweepInfo info) {
        this.folder = folder;
        this.info = info;
        this.events = JsonLines.append(folder.resolve(RunStore.EVENTS));
    }

    static SweepRecorder create(Path folder, SweepInfo info) {
        StoreJson.writeJsonAtomically(folder.resolve("sweep.json"), StoreJson.toJson(info));
        return new SweepRecorder(folder, info);
    }

    public SweepInfo info() {
        return info;
    }

    /** Where sweep-level files (summary, charts) are written before {@link #artifact} registers them. */
    public Path folder() {
        return folder;
    }

    public void plannedTrials(List<String> trialIds, List<String> skippedTrialIds) {
        ObjectNode event = StoreJson.object();
        event.put("event", "trials");
        trialIds.forEach(event.putArray("trialIds")::add);
        skippedTrialIds.forEach(event.putArray("skipped")::add);
        events.writeDurably(event);
    }

    /** Registers a file inside {@link #folder()} as a sweep artifact. */
    public StoredArtifact artifact(Path file, String artifactPath) {
        events.writeDurably(TrialRecorder.artifactEvent(folder, file, artifactPath));
        return new StoredArtifact(file.toAbsolutePath().normalize(), artifactPath);
    }

    /** Keeps the sweep's result ({@code result.json}) beside its summary; a later call replaces it. */
    public void headline(SweepHeadline headline) {
        headline.write(folder);
    }

    public void end(TrialStatus status, String reason) {
        events.writeDurably(endEvent(status, reason));
    }

    static void appendEnd(Path folder, TrialStatus status, String reason) {
        try (JsonLines.Appender appender = JsonLines.append(folder.resolve(RunStore.EVENTS))) {
            appender.writeDurably(endEvent(status, reason));
        }
    }

    private static ObjectNode endEvent(TrialStatus status, String reason) {
        ObjectNode event = StoreJson.object();
        event.put("event", "end");
        event.put("status", status.name());
        event.put("reason", reason);
        event.put("time", Instant.now().toEpochMilli());
        return event;
    }

    @Override
    public void close() {
        events.close();
    }
}
