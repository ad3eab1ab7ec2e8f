package org.flowlab.runner.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowlab.engine.train.MetricPoint;

/** How the run store's records look as JSON. Non-finite numbers are written as strings ("NaN") to stay valid JSON. */
public final class StoreJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private StoreJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String toLine(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    public static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }

    public static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    public static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = object();
        map.forEach(node::put);
        return node;
    }

    public static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), e.getValue().asText());
            }
        }
        return map;
    }

    public static ObjectNode toJson(TrialInfo info) {
        ObjectNode node = object();
        node.put("trialId", info.trialId());
        node.put("sweepId", info.sweepId());
        node.put("experimentName", info.experimentName());
        node.put("runName", info.runName());
        node.put("seed", info.seed());
        node.set("params", stringMap(info.params()));
        node.set("tags", stringMap(info.tags()));
        return node;
    }

    public static TrialInfo trialInfo(JsonNode node) {
        return new TrialInfo(node.get("trialId").asText(), node.get("sweepId").asText(),
                node.get("experimentName").asText(), node.get("runName").asText(), node.get("seed").asLong(),
                stringMap(node.get("params")), stringMap(node.get("tags")));
    }

    public static ObjectNode toJson(SweepInfo info) {
        ObjectNode node = object();
        node.put("sweepId", info.sweepId());
        node.put("experimentName", info.experimentName());
        node.put("description", info.description());
        node.put("startedAt", info.startedAt().toString());
        node.set("tags", stringMap(info.tags()));
        return node;
    }

    public static SweepInfo sweepInfo(JsonNode node) {
        return new SweepInfo(node.get("sweepId").asText(), node.get("experimentName").asText(),
                textOrNull(node.get("description")), Instant.parse(node.get("startedAt").asText()),
                stringMap(node.get("tags")));
    }

    public static ObjectNode toJson(MetricPoint point) {
        ObjectNode node = object();
        node.put("event", "metric");
        node.put("name", point.name());
        node.put("step", point.step());
        putNumber(node, "value", point.value());
        node.put("time", point.timestampMillis());
        return node;
    }

    public static MetricPoint metricPoint(JsonNode node) {
        return new MetricPoint(node.get("name").asText(), node.get("step").asLong(), number(node.get("value")),
                node.get("time").asLong());
    }

    public static ObjectNode toJson(TrialOutcome outcome) {
        ObjectNode node = object();
        putNumber(node, "finalTestBpd", outcome.finalTestBpd());
        putNumber(node, "finalTrainBpd", outcome.finalTrainBpd());
        node.put("parameterCount", outcome.parameterCount());
        node.put("steps", outcome.steps());
        node.put("seconds", outcome.seconds());
        return node;
    }

    public static TrialOutcome trialOutcome(JsonNode node) {
        return new TrialOutcome(number(node.get("finalTestBpd")), number(node.get("finalTrainBpd")),
                node.get("parameterCount").asLong(), node.get("steps").asLong(), node.get("seconds").asDouble());
    }

    /** Writes a whole file so that readers see either the old or the new content, never half of it. */
    public static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void writeJsonAtomically(Path file, Object value) {
        try {
            writeAtomically(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode readJson(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
