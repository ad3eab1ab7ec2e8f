package org.flowlab.tracking.mlflow;

import java.util.Optional;

/**
 * Where the server's artifact proxy keeps a run's artifacts. A run created on a server with
 * {@code --serve-artifacts} (the default) has {@code artifact_uri = mlflow-artifacts:/<exp>/<run>/artifacts},
 * which maps to {@code PUT {host}/api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>} — so
 * uploads need no Python on our side (the client's {@code logArtifact} shells out to it).
 */
public final class ArtifactLocation {

    private static final String SCHEME = "mlflow-artifacts:";
    private static final String PROXY_PATH = "/api/2.0/mlflow-artifacts/artifacts/";

    private ArtifactLocation() {
    }

    /**
     * @return the path below the proxy root, e.g. {@code 1/0af3.../artifacts}; empty when the run's artifacts
     *         live somewhere the server does not proxy (then only a Python client could upload them)
     */
    public static Optional<String> proxyPath(String artifactUri) {
        if (artifactUri == null) {
            return Optional.empty();
        }
        String path;
        if (artifactUri.startsWith(SCHEME)) {
            path = artifactUri.substring(SCHEME.length());
            if (path.startsWith("//")) { // mlflow-artifacts://host:port/<path>: the host is the server we talk to
                int slash = path.indexOf('/', 2);
                path = slash < 0 ? "" : path.substring(slash);
            }
        } else if ((artifactUri.startsWith("http://") || artifactUri.startsWith("https://"))
                && artifactUri.contains(PROXY_PATH)) {
            path = artifactUri.substring(artifactUri.indexOf(PROXY_PATH) + PROXY_PATH.length());
        } else {
            return Optional.empty();
        }
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    /** Joins non-empty segments with single slashes. */
    public static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            String p = part.replace('\\', '/').replaceAll("^/+", "").replaceAll("/+$", "");
            if (p.isEmpty()) {
                continue;
            }
            if (joined.length() > 0) {
                joined.append('/');
            }
            joined.append(p);
        }
        return joined.toString();
    }
}
