package org.flowlab.launcher.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.launch.LaunchContext;
import org.flowlab.runner.launch.LaunchedTrial;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.store.TrialRecorder;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.sweep.ConfigJson;
import org.flowlab.runner.tracking.NoOpTracker;
import org.flowlab.runner.tracking.Tracker;

/**
 * Writes a trial that ran on a worker into the driver's run store with the same {@link TrialRecorder} a local
 * run uses: a new attempt (closing an interrupted one, clearing a partial output folder), then the worker's
 * events in order (start, every metric point, artifacts with their files, the end) at the worker's own times, then
 * the same calls to the tracker. The store cannot tell the trial from one that ran here; a task Spark retried arrives only once.
 */
final class TrialReplay {

    private static final int TRACKER_BATCH = 500;
    /** Registered by {@link TrialRecorder} itself when the attempt begins. */
    private static final Set<String> BEGIN_ARTIFACTS = Set.of("config.json", "provenance.json");

    private TrialReplay() {
    }

    /** @return true when the trial finished */
    static boolean write(TrialReturn result, LaunchedTrial launched, LaunchContext context) {
        // A worker that logged the trial live owns its run: the tracker completes it from the store afterwards.
        Tracker tracker = result.loggedLive() ? NoOpTracker.INSTANCE : context.tracker();
        boolean finished = writeToStore(result, launched, context, tracker);
        if (result.loggedLive()) {
            context.tracker().trialCompletedElsewhere(context.sweep(), launched.info());
        }
        return finished;
    }

    private static boolean writeToStore(TrialReturn result, LaunchedTrial launched, LaunchContext context,
                                        Tracker tracker) {
        JsonNode provenance = json(result, "provenance.json");
        List<JsonNode> events = events(result);
        long startTime = events.stream().filter(e -> e.path("event").asText().equals("attempt")).findFirst()
                .map(e -> e.path("time").asLong(System.currentTimeMillis())).orElse(System.currentTimeMillis());
        try (TrialRecorder recorder = context.store().startTrial(launched.info(),
                ConfigJson.toJson(launched.trial().config()), provenance, startTime)) {
            tracker.trialStarted(context.sweep(), launched.info());
            tracker.artifact(context.sweep(), launched.info(), recorder.folder().resolve("config.json"), "");
            tracker.artifact(context.sweep(), launched.info(), recorder.folder().resolve("provenance.json"), "");
            List<MetricPoint> pending = new ArrayList<>();
            List<StoredArtifact> artifacts = new ArrayList<>();
            TrialStatus status = TrialStatus.FAILED;
            String reason = "the worker's record of the trial has no end";
            TrialOutcome outcome = null;
            long endTime = System.currentTimeMillis();
            for (JsonNode event : events) {
                switch (event.path("event").asText()) {
                    case "started" -> {
                        recorder.started(event.path("parameterCount").asLong(), event.path("totalSteps").asLong(),
                                event.path("time").asLong(startTime));
                        context.progress().trialSteps(launched.trial(), event.path("totalSteps").asLong());
                    }
                    case "metric" -> {
                        MetricPoint point = StoreJson.metricPoint(event);
                        recorder.metric(point);
                        pending.add(point);
                        if (pending.size() >= TRACKER_BATCH) {
                            tracker.metrics(launched.info(), List.copyOf(pending));
                            pending.clear();
                        }
                    }
                    case "artifact" -> {
                        String file = event.get("file").asText();
                        if (!BEGIN_ARTIFACTS.contains(file)) {
                            artifacts.add(recorder.artifact(copy(result, file, recorder.folder()),
                                    event.path("artifactPath").asText("")));
                        }
                    }
                    case "end" -> {
                        status = TrialStatus.valueOf(event.get("status").asText());
                        reason = StoreJson.textOrNull(event.get("reason"));
                        outcome = event.hasNonNull("outcome") ? StoreJson.trialOutcome(event.get("outcome")) : null;
                        endTime = event.path("time").asLong(endTime);
                    }
                    default -> { } // the attempt line: the driver's recorder wrote its own
                }
            }
            if (!pending.isEmpty()) {
                tracker.metrics(launched.info(), List.copyOf(pending));
            }
            if (status == TrialStatus.FINISHED && outcome != null) {
                recorder.finished(outcome, endTime);
            } else {
                recorder.failed(reason, endTime);
            }
            artifacts.forEach(a -> tracker.artifact(context.sweep(), launched.info(), a.file(), a.artifactPath()));
            tracker.trialEnded(launched.info(), status == TrialStatus.FINISHED && outcome != null
                    ? TrialStatus.FINISHED : TrialStatus.FAILED, reason);
            if (status == TrialStatus.FINISHED && outcome != null) {
                context.progress().trialFinished(launched.trial(), outcome);
                return true;
            }
            context.progress().trialFailed(launched.trial(), reason);
            return false;
        }
    }

    /** A trial Spark could not run at all (its task failed on every try): recorded as a failed attempt. */
    static void failed(LaunchedTrial launched, LaunchContext context, String reason) {
        try (TrialRecorder recorder = context.store().startTrial(launched.info(),
                ConfigJson.toJson(launched.trial().config()), context.provenance())) {
            recorder.failed(reason);
        }
        context.tracker().trialStarted(context.sweep(), launched.info());
        context.tracker().trialEnded(launched.info(), TrialStatus.FAILED, reason);
        context.progress().trialFailed(launched.trial(), reason);
    }

    private static Path copy(TrialReturn result, String file, Path folder) {
        byte[] bytes = result.files().get(file);
        Path target = folder.resolve(file).normalize();
        if (bytes == null || !target.startsWith(folder)) {
            throw new IllegalStateException("the worker's record names " + file + " but did not send it");
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static JsonNode json(TrialReturn result, String file) {
        byte[] bytes = result.files().get(file);
        try {
            return bytes == null ? StoreJson.object() : StoreJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file + " from " + result.worker(), e);
        }
    }

    private static List<JsonNode> events(TrialReturn result) {
        byte[] bytes = result.files().get("events.jsonl");
        List<JsonNode> events = new ArrayList<>();
        if (bytes == null) {
            return events;
        }
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(StoreJson.MAPPER.readTree(line));
            } catch (IOException e) {
                // a torn last line cannot happen for a completed task; skip it as the store's reader does
            }
        }
        return events;
    }
}
