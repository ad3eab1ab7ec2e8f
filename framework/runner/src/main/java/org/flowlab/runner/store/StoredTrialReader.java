package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.engine.train.MetricPoint;

/**
 * Reads one trial's folder and checks everything it reads: each line of {@code events.jsonl} (JSON, a known
 * shape, a known status), and the files the latest attempt registered (present, of the recorded size, JSON
 * files parseable). Damage in an earlier attempt is history (the trial was run again after it); damage in the
 * latest attempt makes the trial FAILED with a reason naming the file and line, so it is run again and never
 * uploaded as good. Never throws: one damaged trial must not stop the reading of the others.
 */
final class StoredTrialReader {

    /** The trial and when its first attempt started (the store lists trials in that order). */
    record Read(StoredTrial trial, long firstStarted) {
    }

    private final Path folder;
    private final Path events;
    private TrialInfo info;
    private TrialStatus status;
    private String reason;
    private TrialOutcome outcome;
    private final List<MetricPoint> metrics = new ArrayList<>();
    private final RegisteredArtifacts artifacts = new RegisteredArtifacts();
    private int attempt;
    private long firstStarted = Long.MAX_VALUE;
    private long startedAt = -1;
    private long lastRecord = -1; // the time of the latest attempt's last record: an interrupted attempt's end
    private long endedAt = -1;
    private StoreDamage damage;
    private boolean anyEvent;

    private StoredTrialReader(Path folder) {
        this.folder = folder;
        this.events = folder.resolve(RunStore.EVENTS);
    }

    static Optional<Read> read(Path folder, String experimentName, boolean live) {
        return new StoredTrialReader(folder).read(experimentName, live);
    }

    private Optional<Read> read(String experimentName, boolean live) {
        EventFile.read(events, this::apply, this::damaged);
        if (info == null) {
            if (damage == null && !anyEvent) {
                return Optional.empty(); // created, but no attempt line reached the disk
            }
            if (damage == null) {
                damaged(events, 0, "has events but no valid 'attempt' line");
            }
            info = unknownInfo(experimentName);
            status = TrialStatus.FAILED;
        } else {
            damaged(artifacts.firstProblem());
        }
        if (damage != null) {
            status = TrialStatus.FAILED;
            reason = "damaged: " + damage.describe();
            outcome = null;
        } else if (status == TrialStatus.RUNNING && !live) {
            status = TrialStatus.FAILED;
            reason = RunStore.INTERRUPTED;
            endedAt = lastRecord;
        }
        return Optional.of(new Read(new StoredTrial(info, status, reason, metrics, artifacts.list(), outcome, attempt, folder,
                damage, startedAt, endedAt), firstStarted));
    }

    private void apply(JsonNode event) {
        anyEvent = true;
        String kind = StoreJson.text(event, "event");
        if (info == null && !kind.equals("attempt") && !kind.equals("started")) {
            throw new StoreFormatException("comes before any valid 'attempt' line");
        }
        switch (kind) {
            case "attempt" -> {
                TrialInfo next = StoreJson.trialInfo(event.get("info"));
                // the line is valid: a new attempt starts, and damage before it belongs to a superseded attempt
                info = next;
                attempt = event.has("attempt") ? (int) StoreJson.integer(event, "attempt") : attempt + 1;
                firstStarted = Math.min(firstStarted, event.path("time").asLong(Long.MAX_VALUE));
                startedAt = event.path("time").asLong(-1);
                lastRecord = startedAt;
                endedAt = -1;
                status = TrialStatus.RUNNING;
                reason = null;
                outcome = null;
                metrics.clear();
                artifacts.clear();
                damage = null;
            }
            case "metric" -> {
                MetricPoint point = StoreJson.metricPoint(event);
                metrics.add(point);
                lastRecord = Math.max(lastRecord, point.timestampMillis());
            }
            case "artifact" -> artifacts.add(folder, event);
            case "end" -> {
                status = StoreJson.status(event, "status");
                reason = StoreJson.textOrNull(event.get("reason"));
                outcome = event.hasNonNull("outcome") ? StoreJson.trialOutcome(event.get("outcome")) : null;
                // an interrupted attempt's end is written when the next run starts: its last record is its end
                endedAt = RunStore.INTERRUPTED.equals(reason) ? lastRecord : event.path("time").asLong(lastRecord);
            }
            default -> { } // "started", and unknown events from a newer version, are not needed to read a trial
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

    private TrialInfo unknownInfo(String experimentName) {
        String id = folder.getFileName().toString();
        return new TrialInfo(id, "", experimentName, id, 0, Map.of(), Map.of());
    }
}
