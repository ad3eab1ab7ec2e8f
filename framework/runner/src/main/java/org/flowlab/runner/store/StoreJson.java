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

    // ---- validated reading: every field a reader relies on is checked, with a message naming the field ----------

    /** A required string field. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new StoreFormatException("has no valid '" + field + "'" + got(value));
        }
        return value.asText();
    }

    /** A required whole-number field. */
    static long integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new StoreFormatException("has no valid '" + field + "'" + got(value));
        }
        return value.asLong();
    }

    /** A required number field: a JSON number, or "NaN", "Infinity", "-Infinity" as {@link #putNumber} writes them. */
    static double realNumber(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value != null && value.isNumber()) {
            return value.asDouble();
        }
        if (value != null && value.isTextual()) {
            switch (value.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new StoreFormatException("has no valid '" + field + "'" + got(value));
    }

    /** A required status field, one of {@link TrialStatus}; names the valid values otherwise. */
    static TrialStatus status(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        for (TrialStatus status : TrialStatus.values()) {
            if (value != null && value.isTextual() && status.name().equals(value.asText())) {
                return status;
            }
        }
        throw new StoreFormatException("has " + (value == null || value.isNull() ? "no status"
                : "an unknown status " + excerpt(value.toString())) + " (valid: "
                + String.join(", ", java.util.Arrays.stream(TrialStatus.values()).map(Enum::name).toList()) + ")");
    }

    /** An optional string-to-string object; anything else there is damage. */
    static Map<String, String> stringMapField(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value != null && !value.isNull() && !value.isObject()) {
            throw new StoreFormatException("has no valid '" + field + "'" + got(value));
        }
        return stringMap(value);
    }

    private static String got(JsonNode value) {
        return value == null ? "" : " (" + excerpt(value.toString()) + ")";
    }

    /** The start of a damaged text, quoted, for a message. */
    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine) + "'";
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
        if (node == null || !node.isObject()) {
            throw new StoreFormatException("has no valid 'info'");
        }
        return new TrialInfo(text(node, "trialId"), text(node, "sweepId"), text(node, "experimentName"),
                text(node, "runName"), integer(node, "seed"), stringMapField(node, "params"), stringMapField(node, "tags"));
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
        Instant startedAt;
        try {
            startedAt = Instant.parse(text(node, "startedAt"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new StoreFormatException("has no valid 'startedAt'" + got(node.get("startedAt")));
        }
        return new SweepInfo(text(node, "sweepId"), text(node, "experimentName"), textOrNull(node.get("description")),
                startedAt, stringMapField(node, "tags"));
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
        return new MetricPoint(text(node, "name"), integer(node, "step"), realNumber(node, "value"), integer(node, "time"));
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
        if (node == null || !node.isObject()) {
            throw new StoreFormatException("has no valid 'outcome'");
        }
        return new TrialOutcome(realNumber(node, "finalTestBpd"), realNumber(node, "finalTrainBpd"),
                integer(node, "parameterCount"), integer(node, "steps"), realNumber(node, "seconds"));
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

    /**
     * A whole JSON file that must hold one object, checked: the damage names the file.
     *
     * @throws StoreFormatException when it is empty, not JSON, or not an object
     * @throws UncheckedIOException when it cannot be read at all
     */
    static JsonNode readJsonObject(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new StoreFormatException("is not valid JSON (" + excerpt(new String(bytes, 0, Math.min(bytes.length, 200),
                    java.nio.charset.StandardCharsets.UTF_8).trim()) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new StoreFormatException(bytes.length == 0 ? "is empty" : "is not a JSON object");
        }
        return node;
    }
}
