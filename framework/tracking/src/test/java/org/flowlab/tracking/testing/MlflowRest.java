package org.flowlab.tracking.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads MLflow back through its REST API with plain HTTP, independently of the code under test, so the
 * assertions say what the server really holds.
 */
public final class MlflowRest {

    /** One metric point as the server returns it. */
    public record Point(String key, long step, long timestamp, double value) {
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = new JsonMapper();

    public MlflowRest(String uri) {
        this.base = uri.replaceAll("/+$", "");
    }

    public JsonNode get(String path, Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path + (q.isEmpty() ? "" : "?" + q)))
                .GET());
    }

    public JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.readTree(response.body().isBlank() ? "{}" : response.body());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Optional<JsonNode> experiment(String name) {
        JsonNode answer = get("experiments/get-by-name", Map.of("experiment_name", name));
        return answer == null ? Optional.empty() : Optional.of(answer.path("experiment"));
    }

    public String experimentId(String name) {
        return experiment(name).orElseThrow(() -> new AssertionError("no MLflow experiment " + name))
                .path("experiment_id").asText();
    }

    /** Every active run of the experiment, all pages. */
    public List<JsonNode> runs(String experimentId) {
        return runs(experimentId, "ACTIVE_ONLY");
    }

    /** The experiment's deleted runs (MLflow's soft delete keeps them, out of the run table). */
    public List<JsonNode> deletedRuns(String experimentName) {
        return experiment(experimentName).map(e -> runs(e.path("experiment_id").asText(), "DELETED_ONLY"))
                .orElse(List.of());
    }

    private List<JsonNode> runs(String experimentId, String view) {
        List<JsonNode> runs = new ArrayList<>();
        String token = "";
        do {
            ObjectNode body = json.createObjectNode().put("max_results", 50).put("run_view_type", view);
            body.putArray("experiment_ids").add(experimentId);
            if (!token.isEmpty()) {
                body.put("page_token", token);
            }
            JsonNode page = post("runs/search", body);
            page.path("runs").forEach(runs::add);
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return runs;
    }

    public List<JsonNode> runsOfExperiment(String experimentName) {
        return experiment(experimentName).map(e -> runs(e.path("experiment_id").asText())).orElse(List.of());
    }

    public JsonNode run(String runId) {
        return get("runs/get", Map.of("run_id", runId)).path("run");
    }

    public static Map<String, String> params(JsonNode run) {
        return pairs(run.path("data").path("params"));
    }

    public static Map<String, String> tags(JsonNode run) {
        return pairs(run.path("data").path("tags"));
    }

    public static String tag(JsonNode run, String key) {
        return tags(run).get(key);
    }

    public static String runId(JsonNode run) {
        return run.path("info").path("run_id").asText();
    }

    public static String status(JsonNode run) {
        return run.path("info").path("status").asText();
    }

    /** Metric keys the run has (from its latest values). */
    public static List<String> metricKeys(JsonNode run) {
        List<String> keys = new ArrayList<>();
        run.path("data").path("metrics").forEach(m -> keys.add(m.path("key").asText()));
        return keys;
    }

    /** The full history of one metric, paged with small pages so that paging itself is exercised. */
    public List<Point> history(String runId, String key) {
        List<Point> points = new ArrayList<>();
        String token = "";
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("run_id", runId);
            query.put("metric_key", key);
            query.put("max_results", "500");
            if (!token.isEmpty()) {
                query.put("page_token", token);
            }
            JsonNode page = get("metrics/get-history", query);
            for (JsonNode m : page.path("metrics")) {
                JsonNode v = m.path("value");
                points.add(new Point(m.path("key").asText(), m.path("step").asLong(), m.path("timestamp").asLong(),
                        v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble()));
            }
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return points;
    }

    /** Every artifact file of the run, recursively: path → size. */
    public Map<String, Long> artifacts(String runId) {
        Map<String, Long> files = new LinkedHashMap<>();
        collect(runId, "", files);
        return files;
    }

    private void collect(String runId, String path, Map<String, Long> files) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("run_id", runId);
        if (!path.isEmpty()) {
            query.put("path", path);
        }
        JsonNode listing = get("artifacts/list", query);
        for (JsonNode f : listing.path("files")) {
            if (f.path("is_dir").asBoolean()) {
                collect(runId, f.path("path").asText(), files);
            } else {
                files.put(f.path("path").asText(), f.path("file_size").asLong());
            }
        }
    }

    /** Downloads one artifact through the server's proxy. */
    public byte[] download(String runId, String path) {
        try {
            String query = "run_id=" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "&path="
                    + URLEncoder.encode(path, StandardCharsets.UTF_8);
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/get-artifact?" + query))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " for artifact " + path);
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> pairs(JsonNode array) {
        Map<String, String> map = new LinkedHashMap<>();
        array.forEach(n -> map.put(n.path("key").asText(), n.path("value").asText()));
        return map;
    }
}
