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

    /**
     * A valid URL whose cluster manager this jar does not carry: spark-core knows only standalone and local masters,
     * and the Kubernetes and YARN managers are separate Spark modules, not bundled here (the Maven mirror this project
     * builds from serves no spark-kubernetes_2.13 3.5.x). Refused before anything runs rather than failing inside
     * Spark with "Could not parse Master URL".
     */
    static Optional<String> unsupported(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String manager = url.startsWith("k8s://") ? "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager"
                : url.equals("yarn") ? "org.apache.spark.scheduler.cluster.YarnClusterManager" : null;
        if (manager == null || onClassPath(manager)) {
            return Optional.empty();
        }
        String what = url.equals("yarn") ? "YARN (spark-yarn_2.13)" : "Kubernetes (spark-kubernetes_2.13)";
        return Optional.of("'" + url + "' needs Spark's cluster manager for " + what + ", which this build of the "
                + "spark launcher does not carry (it has the standalone and local ones); run a Spark standalone "
                + "cluster on those machines (spark://HOST:7077, README \"Running on a cluster\"), or add that Spark "
                + "3.5 module to the class path");
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, SparkMasterUrl.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
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
            Matcher m = HOST_PORT.matcher(part);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                return List.of();
            }
            masters.add(new HostPort(m.group(1).replace("[", "").replace("]", ""), Integer.parseInt(m.group(2))));
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
