package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.engine.train.MetricPoint;

/**
 * A sweep's result as a researcher reads it at a glance on the MLflow parent run: text as tags (the best
 * combination, a verdict per swept key) and numbers as metrics at step 0 (the best's mean and std, each
 * difference to the best with its CI bounds). Kept in the run store as {@code result.json} in the sweep's folder
 * (the source of truth), so {@code flowlab sync} delivers it like the live tracker.
 *
 * @param time the metrics' timestamp (when the summary was written), fixed so a re-sync sends nothing new
 */
public record SweepHeadline(Map<String, String> tags, Map<String, Double> metrics, long time) {

    public static final String FILE = "result.json";

    public SweepHeadline {
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metrics as points at step 0 (only finite values: MLflow and JSON have no NaN). */
    public List<MetricPoint> metricPoints() {
        List<MetricPoint> points = new ArrayList<>();
        metrics.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                points.add(new MetricPoint(key, 0, value, time));
            }
        });
        return points;
    }

    void write(Path sweepFolder) {
        ObjectNode json = StoreJson.object();
        json.put("time", time);
        json.set("tags", StoreJson.stringMap(tags));
        ObjectNode numbers = json.putObject("metrics");
        metrics.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                numbers.put(key, value);
            }
        });
        StoreJson.writeJsonAtomically(sweepFolder.resolve(FILE), json);
    }

    /**
     * @return empty when the sweep has no result (yet, or from a FlowLab that did not write one)
     * @throws IllegalStateException naming the file when it is damaged
     */
    public static Optional<SweepHeadline> read(Path sweepFolder) {
        Path file = sweepFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = StoreJson.readJson(file);
            JsonNode numbers = json.get("metrics");
            if (!json.path("time").canConvertToLong() || !json.path("tags").isObject() || numbers == null
                    || !numbers.isObject()) {
                throw new IllegalStateException("expected {time, tags, metrics}");
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = numbers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber()) {
                    throw new IllegalStateException("metric " + e.getKey() + " is not a number");
                }
                metrics.put(e.getKey(), e.getValue().asDouble());
            }
            return Optional.of(new SweepHeadline(StoreJson.stringMap(json.get("tags")), metrics, json.get("time").asLong()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("damaged sweep result " + file + ": " + e.getMessage(), e);
        }
    }
}
