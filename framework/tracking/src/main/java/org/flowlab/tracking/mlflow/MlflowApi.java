package org.flowlab.tracking.mlflow;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flowlab.engine.train.MetricPoint;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;

/**
 * The MLflow requests FlowLab needs, each a single attempt (callers wrap them in a {@link Retrier}).
 * Tracking calls go through the official client; three things go around it on purpose: metric histories
 * (its {@code getMetricHistory} throws on a second page in 2.17.2, so the REST call is made through its
 * {@code sendGet}), artifact listing (its {@code listArtifacts} shells out to Python) and artifact upload
 * ({@code PUT} to the server's artifact proxy with {@link HttpClient}; the client has no PUT).
 */
public final class MlflowApi implements AutoCloseable {

    private static final int HISTORY_PAGE = 25_000;
    /** Assumed worst upload speed when sizing the time limit of a large artifact. */
    private static final long BYTES_PER_SECOND = 1_000_000;

    private final MlflowEndpoint endpoint;
    private final TrackingSettings settings;
    private final MlflowClient client;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    public MlflowApi(MlflowEndpoint endpoint, TrackingSettings settings) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.client = MlflowClients.create(endpoint, settings);
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public MlflowEndpoint endpoint() {
        return endpoint;
    }

    // ---- experiments ----------------------------------------------------------------------------------------

    public Optional<Experiment> experimentByName(String name) {
        return client.getExperimentByName(name);
    }

    public String createExperiment(String name) {
        return client.createExperiment(name);
    }

    public void restoreExperiment(String experimentId) {
        client.restoreExperiment(experimentId);
    }

    public void setExperimentTag(String experimentId, String key, String value) {
        client.setExperimentTag(experimentId, key, value);
    }

    // ---- runs -----------------------------------------------------------------------------------------------

    /**
     * Active runs of the experiment of one kind ({@code flowlab.kind}) whose tag {@code key} equals
     * {@code value}, oldest first. The kind matters: trial runs also carry their sweep's id.
     */
    public List<Run> runsWithTag(String experimentId, String kind, String key, String value) {
        return search(experimentId, "tags.`" + RunTags.KIND + "` = '" + kind.replace("'", "") + "' AND tags.`" + key
                + "` = '" + value.replace("'", "") + "'");
    }

    /** Active runs of the experiment of one kind ({@code flowlab.kind}) whose status is RUNNING, oldest first. */
    public List<Run> runningRuns(String experimentId, String kind) {
        return search(experimentId, "tags.`" + RunTags.KIND + "` = '" + kind.replace("'", "")
                + "' AND attributes.status = 'RUNNING'");
    }

    /** Every active run matching {@code filter}, all pages, oldest first. */
    private List<Run> search(String experimentId, String filter) {
        List<Run> runs = new ArrayList<>();
        RunsPage page = client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, 1000,
                List.of("attributes.start_time ASC"));
        runs.addAll(page.getItems());
        while (page.hasNextPage()) {
            page = (RunsPage) page.getNextPage();
            runs.addAll(page.getItems());
        }
        return runs;
    }

    public Run getRun(String runId) {
        return client.getRun(runId);
    }

    public RunInfo createRun(String experimentId, String runName, long startTime, Map<String, String> tags) {
        CreateRun.Builder request = CreateRun.newBuilder().setExperimentId(experimentId).setRunName(runName)
                .setStartTime(startTime);
        tags.forEach((k, v) -> request.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
        return client.createRun(request.build());
    }

    /** One {@code log-batch} request; callers keep it within {@link Limits} (see {@link BatchChunker}). */
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        client.logBatch(runId, metrics, params, tags);
    }

    public void setTerminated(String runId, RunStatus status, long endTime) {
        client.setTerminated(runId, status, endTime);
    }

    /**
     * MLflow's soft delete ({@code runs/delete}): the run leaves the run table and searches, its data stays
     * (restorable in the UI, removed for good by {@code mlflow gc}). Deleting a deleted run is harmless.
     */
    public void deleteRun(String runId) {
        client.deleteRun(runId);
    }

    public void deleteTag(String runId, String key) {
        client.deleteTag(runId, key);
    }

    /** Marks a finished run RUNNING again (a resumed trial continues its run). */
    public void setRunning(String runId) {
        ObjectNode body = json.createObjectNode().put("run_id", runId).put("status", "RUNNING");
        client.sendPost("runs/update", body.toString());
    }

    /** Every point of one metric, all pages, in server order. */
    public List<MetricPoint> metricHistory(String runId, String key) {
        List<MetricPoint> points = new ArrayList<>();
        String token = "";
        do {
            String path = "metrics/get-history?run_id=" + query(runId) + "&metric_key=" + query(key)
                    + "&max_results=" + HISTORY_PAGE + (token.isEmpty() ? "" : "&page_token=" + query(token));
            JsonNode page = parse(client.sendGet(path));
            for (JsonNode m : page.path("metrics")) {
                points.add(new MetricPoint(m.path("key").asText(), m.path("step").asLong(), number(m.path("value")),
                        m.path("timestamp").asLong()));
            }
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return points;
    }

    // ---- artifacts ------------------------------------------------------------------------------------------

    /** One entry of an artifact folder listing. */
    public record ArtifactEntry(String path, boolean directory, long size) {
    }

    /** The direct children of {@code folder} ({@code ""} is the root) of the run's artifacts. */
    public List<ArtifactEntry> listArtifacts(String runId, String folder) {
        String path = "artifacts/list?run_id=" + query(runId) + (folder.isEmpty() ? "" : "&path=" + query(folder));
        List<ArtifactEntry> entries = new ArrayList<>();
        for (JsonNode f : parse(client.sendGet(path)).path("files")) {
            entries.add(new ArtifactEntry(f.path("path").asText(), f.path("is_dir").asBoolean(),
                    f.path("file_size").asLong(-1)));
        }
        return entries;
    }

    /**
     * Uploads one file through the artifact proxy; an existing file at the same path is replaced.
     *
     * @param proxyRoot    from {@link ArtifactLocation#proxyPath} of the run's artifact URI
     * @param artifactPath the folder inside the run's artifacts ({@code ""} for the root)
     */
    public void putArtifact(String proxyRoot, Path file, String artifactPath) {
        String target = ArtifactLocation.join(proxyRoot, artifactPath, file.getFileName().toString());
        try {
            long size = Files.size(file);
            Duration timeout = settings.requestTimeout().plusSeconds(size / BYTES_PER_SECOND);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                            endpoint.base() + "/api/2.0/mlflow-artifacts/artifacts/" + pathSegments(target)))
                    .timeout(timeout).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file));
            authorize(request);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new MlflowHttpException(response.statusCode(), "artifact upload", response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PUT " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading " + target, e);
        }
    }

    // ---- server ---------------------------------------------------------------------------------------------

    /** {@code GET /health}: true when the server answers 200. Never throws. */
    public boolean healthy() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.base() + "/health"))
                    .timeout(settings.connectTimeout()).GET();
            authorize(request);
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A GET through the official client's transport (time limits, credentials); for tests and tools. */
    public JsonNode getJson(String pathAndQuery) {
        return parse(client.sendGet(pathAndQuery));
    }

    public JsonNode postJson(String path, JsonNode body) {
        return parse(client.sendPost(path, body.toString()));
    }

    @Override
    public void close() {
        client.close();
    }

    private void authorize(HttpRequest.Builder request) {
        String auth = endpoint.authorizationHeader();
        if (auth != null) {
            request.header("Authorization", auth);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw new IllegalStateException("MLflow answered with something that is not JSON: "
                    + (body.length() > 200 ? body.substring(0, 200) : body), e);
        }
    }

    /** The server writes NaN as the string "NaN" and ±Infinity as ±Double.MAX_VALUE (see {@link MetricIdentity}). */
    private static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String pathSegments(String path) {
        return Arrays.stream(path.split("/")).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
