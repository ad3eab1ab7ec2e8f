package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one sweep's folder, checking what it reads as {@link StoredTrialReader} does: {@code sweep.json}, each
 * line of {@code events.jsonl}, the registered files. A damaged sweep is FAILED with a reason naming the file and
 * line. Never throws.
 */
final class StoredSweepReader {

    private final Path folder;
    private final Path events;
    private List<String> trialIds = List.of();
    private List<String> skipped = List.of();
    private final RegisteredArtifacts artifacts = new RegisteredArtifacts();
    private TrialStatus status = TrialStatus.RUNNING;
    private String reason;
    private StoreDamage damage;
    private long endedAt = -1;

    private StoredSweepReader(Path folder) {
        this.folder = folder;
        this.events = folder.resolve(RunStore.EVENTS);
    }

    static Optional<StoredSweep> read(Path folder, String experimentName, boolean live) {
        return new StoredSweepReader(folder).read(experimentName, live);
    }

    private Optional<StoredSweep> read(String experimentName, boolean live) {
        Path infoFile = folder.resolve("sweep.json");
        if (!Files.exists(infoFile)) {
            return Optional.empty(); // being created (sweep.json is written first, atomically), or not a sweep
        }
        SweepInfo info;
        try {
            info = StoreJson.sweepInfo(StoreJson.readJsonObject(infoFile));
        } catch (StoreFormatException e) {
            damaged(infoFile, 0, e.getMessage());
            info = unknownInfo(experimentName);
        } catch (RuntimeException e) {
            damaged(infoFile, 0, "cannot be read (" + e.getMessage() + ")");
            info = unknownInfo(experimentName);
        }
        EventFile.read(events, this::apply, this::damaged);
        damaged(artifacts.firstProblem());
        if (damage != null) {
            status = TrialStatus.FAILED;
            reason = "damaged: " + damage.describe();
        } else if (status == TrialStatus.RUNNING && !live) {
            status = TrialStatus.FAILED;
            reason = RunStore.SWEEP_INTERRUPTED;
        }
        return Optional.of(new StoredSweep(info, status, reason, trialIds, skipped, artifacts.list(), folder, damage,
                endedAt));
    }

    private void apply(JsonNode event) {
        switch (StoreJson.text(event, "event")) {
            case "trials" -> {
                trialIds = strings(event, "trialIds");
                skipped = strings(event, "skipped");
            }
            case "artifact" -> artifacts.add(folder, event);
            case "end" -> {
                status = StoreJson.status(event, "status");
                reason = StoreJson.textOrNull(event.get("reason"));
                // closeInterrupted() writes a dead sweep's end when the next run starts: not its real end
                endedAt = RunStore.SWEEP_INTERRUPTED.equals(reason) ? -1 : event.path("time").asLong(-1);
            }
            default -> { } // unknown events from a newer version are ignored
        }
    }

    private void damaged(Path file, int line, String problem) {
        damaged(new StoreDamage(file, line, problem));
    }

    private void damaged(StoreDamage found) {
        if (damage == null && found != null) { // the first problem is the one to report
            damage = found;
        }
    }

    private SweepInfo unknownInfo(String experimentName) {
        Instant created;
        try {
            created = Files.getLastModifiedTime(folder).toInstant();
        } catch (IOException e) {
            created = Instant.EPOCH;
        }
        return new SweepInfo(folder.getFileName().toString(), experimentName, null, created, Map.of());
    }

    private static List<String> strings(JsonNode event, String field) {
        JsonNode array = event.get(field);
        List<String> values = new ArrayList<>();
        if (array == null || array.isNull()) {
            return values;
        }
        if (!array.isArray()) {
            throw new StoreFormatException("has no valid '" + field + "'");
        }
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                throw new StoreFormatException("has a non-text entry in '" + field + "'");
            }
            values.add(n.asText());
        }
        return values;
    }
}
