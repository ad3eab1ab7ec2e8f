package org.flowlab.tracking.mlflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;

/**
 * Where the MLflow server is and how to authenticate: an {@code http(s)://} tracking URI plus MLflow's own
 * credential variables ({@code MLFLOW_TRACKING_USERNAME}/{@code _PASSWORD}, {@code MLFLOW_TRACKING_TOKEN},
 * {@code MLFLOW_TRACKING_INSECURE_TLS}), read the same way the Python client reads them.
 *
 * @param base the URI without a trailing slash, e.g. {@code http://127.0.0.1:5000}
 */
public record MlflowEndpoint(String base, String username, String password, String token, boolean insecureTls) {

    public static MlflowEndpoint of(String trackingUri) {
        return of(trackingUri, System.getenv());
    }

    /** @throws IllegalArgumentException for anything but an absolute http(s) URI, with a message for the user */
    public static MlflowEndpoint of(String trackingUri, Map<String, String> env) {
        if (trackingUri == null || trackingUri.isBlank()) {
            throw new IllegalArgumentException("no MLflow tracking URI: pass --tracking-uri http://HOST:PORT "
                    + "or set MLFLOW_TRACKING_URI (`flowlab ui` starts a local server)");
        }
        String trimmed = trackingUri.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed MLflow tracking URI '" + trimmed + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("MLflow tracking URI '" + trimmed + "' is not http(s)://HOST:PORT. "
                    + "FlowLab talks to an MLflow server only (MLflow 3.13+ refuses the ./mlruns file store); "
                    + "the local run store is the embedded default, and `flowlab ui` starts a local server");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("MLflow tracking URI '" + trimmed + "' has no host");
        }
        String base = trimmed.replaceAll("/+$", "");
        return new MlflowEndpoint(base, blankToNull(env.get("MLFLOW_TRACKING_USERNAME")),
                blankToNull(env.get("MLFLOW_TRACKING_PASSWORD")), blankToNull(env.get("MLFLOW_TRACKING_TOKEN")),
                "true".equalsIgnoreCase(env.get("MLFLOW_TRACKING_INSECURE_TLS")));
    }

    MlflowHostCredsProvider credentials() {
        return new BasicMlflowHostCreds(base, username, password, token, insecureTls);
    }

    /** The value of an {@code Authorization} header, or null when the server needs none. */
    String authorizationHeader() {
        if (username != null && password != null) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return token == null ? null : "Bearer " + token;
    }

    /** The credential variables this endpoint was made with, for a worker process to make the same one. */
    public Map<String, String> credentialEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        if (username != null) {
            env.put("MLFLOW_TRACKING_USERNAME", username);
        }
        if (password != null) {
            env.put("MLFLOW_TRACKING_PASSWORD", password);
        }
        if (token != null) {
            env.put("MLFLOW_TRACKING_TOKEN", token);
        }
        if (insecureTls) {
            env.put("MLFLOW_TRACKING_INSECURE_TLS", "true");
        }
        return env;
    }

    @Override
    public String toString() {
        return base; // never print credentials
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
