package org.flowlab.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * One quick request that tells what answers at a tracking URI: an MLflow tracking server, nothing (yet), or
 * something else (a web server, another service, a proxy's error page). Without it a URI pointing at the
 * wrong port was found out only when every request had been rejected. The request is MLflow's own
 * {@code GET /api/2.0/mlflow/experiments/search}: every tracking server answers it with JSON, and only
 * tracking servers do.
 *
 * @param kind   what answered
 * @param detail for the user: what the request returned, or why it got no answer
 */
public record ServerCheck(Kind kind, String detail) {

    public enum Kind {
        /** An MLflow tracking server answered (possibly with an MLflow error, such as a database problem). */
        MLFLOW,
        /** Nothing answered: refused, reset, timed out. The server may still come (a live sweep waits for it). */
        UNREACHABLE,
        /** Something answered that is not an MLflow tracking server. */
        NOT_MLFLOW,
        /** The server wants credentials it did not get, or refused them. */
        UNAUTHORIZED
    }

    static final String PATH = "/api/2.0/mlflow/experiments/search";
    /** A check must answer in seconds even when the other side accepts the connection and then says nothing. */
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** Never throws; takes at most the connect limit plus {@link #LIMIT}. */
    public static ServerCheck of(MlflowEndpoint endpoint, TrackingSettings settings) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL).build();
        Duration limit = settings.requestTimeout().compareTo(LIMIT) < 0 ? settings.requestTimeout() : LIMIT;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.base() + PATH + "?max_results=1"))
                .timeout(limit).header("Accept", "application/json").GET();
        String auth = endpoint.authorizationHeader();
        if (auth != null) {
            request.header("Authorization", auth);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return classify(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            return new ServerCheck(Kind.UNREACHABLE, Failures.classify("GET " + PATH, e).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerCheck(Kind.UNREACHABLE, "interrupted");
        } catch (IllegalArgumentException e) {
            return new ServerCheck(Kind.NOT_MLFLOW, "not a usable address: " + e.getMessage());
        }
    }

    static ServerCheck classify(int status, String contentType, String body) {
        String type = contentType.isBlank() ? "no content type" : contentType.split(";")[0].trim();
        String returned = "GET " + PATH + " returned " + status + " " + type;
        if (status == 401 || status == 403) {
            return new ServerCheck(Kind.UNAUTHORIZED, returned);
        }
        JsonNode json = json(type, body);
        boolean answer = status == 200 && json != null && json.isObject()
                && (json.isEmpty() || json.has("experiments"));
        boolean mlflowError = json != null && json.has("error_code"); // MLflow's own error format
        return answer || mlflowError ? new ServerCheck(Kind.MLFLOW, returned) : new ServerCheck(Kind.NOT_MLFLOW, returned);
    }

    private static JsonNode json(String type, String body) {
        if (!type.toLowerCase(Locale.ROOT).contains("json") || body == null) {
            return null;
        }
        try {
            return JsonMapper.builder().build().readTree(body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The sentence for the user when the URI cannot be used; null when it can (or may, once the server is up). */
    public String problem(MlflowEndpoint endpoint) {
        return switch (kind) {
            case MLFLOW, UNREACHABLE -> null;
            case NOT_MLFLOW -> endpoint + " answers but is not an MLflow tracking server (" + detail + "); give the "
                    + "address of an MLflow server, e.g. http://127.0.0.1:5000 (`flowlab ui` starts one)";
            case UNAUTHORIZED -> endpoint + " refuses FlowLab's requests (" + detail + "): set MLFLOW_TRACKING_USERNAME "
                    + "and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, to credentials it accepts";
        };
    }
}
