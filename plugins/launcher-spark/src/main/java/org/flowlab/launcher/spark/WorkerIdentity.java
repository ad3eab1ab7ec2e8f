package org.flowlab.launcher.spark;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;

/**
 * Which Spark executor (and so which worker) ran something: the executor id, its host and its working folder,
 * which a standalone worker creates inside its own work dir ({@code WORK_DIR/app-.../EXECUTOR_ID}).
 */
record WorkerIdentity(String executorId, String host, String workDir) implements Serializable {

    static WorkerIdentity current() {
        SparkEnv env = SparkEnv.get();
        String executor = env == null ? "?" : env.executorId();
        return new WorkerIdentity(executor, hostName(), Path.of("").toAbsolutePath().toString());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public String toString() {
        return "driver".equals(executorId) ? "the driver (" + host + ", local master)"
                : "worker " + host + " (executor " + executorId + ", " + workDir + ")";
    }
}
