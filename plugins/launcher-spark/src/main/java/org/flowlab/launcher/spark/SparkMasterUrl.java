package org.flowlab.launcher.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The master URLs Spark accepts, checked before anything connects so a typo is a usage error, not a hang. */
final class SparkMasterUrl {

    static final String VALID = "spark://HOST:PORT (a standalone master; several as spark://H1:P1,H2:P2), "
            + "local[N] (N cores in this process), k8s://https://HOST:PORT (Kubernetes API server), yarn";

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:]+]):([0-9]{1,5})");
    private static final Pattern K8S = Pattern.compile("k8s://(https?://)?[A-Za-z0-9._\\[\\]:-]+(:[0-9]{1,5})?/?");

    private SparkMasterUrl() {
    }

    /** @return why {@code url} is not a Spark master URL, or empty when it is one */
    static Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("the spark launcher needs a master (--master or launcher.master); valid: " + VALID);
        }
        if (LOCAL.matcher(url).matches() || url.equals("yarn") || K8S.matcher(url).matches()) {
            return Optional.empty();
        }
        if (url.startsWith("spark://") && !standalone(url).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("'" + url + "' is not a Spark master URL; valid: " + VALID);
    }

    /** The API server of a {@code k8s://} master (Spark's default scheme is https: port 443 when none is given). */
    static Optional<HostPort> kubernetesApiServer(String url) {
        if (!url.startsWith("k8s://")) {
            return Optional.empty();
        }
        String rest = url.substring("k8s://".length());
        boolean http = rest.startsWith("http://");
        rest = rest.replaceFirst("^https?://", "").replaceFirst("/$", "");
        return hostPort(rest.matches(".*:[0-9]{1,5}") ? rest : rest + (http ? ":80" : ":443"));
    }

    /** {@code host:port}, or {@code [v6]:port}; empty when it is neither. */
    static Optional<HostPort> hostPort(String text) {
        Matcher m = HOST_PORT.matcher(text.trim());
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(m.group(1).replace("[", "").replace("]", ""), Integer.parseInt(m.group(2))));
    }

    static boolean isLocal(String url) {
        return url.startsWith("local");
    }

    /** The host:port pairs of a {@code spark://} URL; empty when it is not a valid one. */
    static List<HostPort> standalone(String url) {
        List<HostPort> masters = new ArrayList<>();
        if (!url.startsWith("spark://")) {
            return masters;
        }
        for (String part : url.substring("spark://".length()).split(",", -1)) {
            Optional<HostPort> hostPort = hostPort(part);
            if (hostPort.isEmpty()) {
                return List.of();
            }
            masters.add(hostPort.get());
        }
        return masters;
    }

    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
