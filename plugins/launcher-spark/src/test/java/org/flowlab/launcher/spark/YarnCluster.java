package org.flowlab.launcher.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Hadoop YARN cluster on 127.0.0.1: a ResourceManager and a NodeManager, each its own JVM, from the class
 * path the {@code flowlab-yarn-testcluster} module resolves (Hadoop's own jars, the version spark-yarn is built
 * for; no download). Its configuration folder is what a user's HADOOP_CONF_DIR is: core-site.xml with the local
 * file system as the cluster's (the staging area Spark uploads to), yarn-site.xml with the daemons' addresses.
 */
final class YarnCluster implements AutoCloseable {

    /** Written by plugins/launcher-spark/yarn-testcluster (mvn generate-resources, part of the reactor build). */
    static final Path CLASS_PATH_FILE = Path.of(System.getProperty("flowlab.projectRoot", "."),
            "plugins/launcher-spark/yarn-testcluster/target/yarn-classpath.txt");

    private final Path folder;
    private final Path confDir;
    private final int webPort;
    private final List<Process> daemons = new ArrayList<>();

    private YarnCluster(Path folder, Path confDir, int webPort) {
        this.folder = folder;
        this.confDir = confDir;
        this.webPort = webPort;
    }

    static YarnCluster start(Path folder, int nodeMemoryMb, int nodeVcores) throws IOException, InterruptedException {
        String hadoopClassPath = Files.readString(CLASS_PATH_FILE).trim();
        Path confDir = Files.createDirectories(folder.resolve("hadoop-conf"));
        int webPort = FreePort.find();
        Map<String, String> yarn = new LinkedHashMap<>();
        yarn.put("yarn.resourcemanager.hostname", "127.0.0.1");
        for (String address : List.of("address", "scheduler.address", "resource-tracker.address", "admin.address")) {
            yarn.put("yarn.resourcemanager." + address, "127.0.0.1:" + FreePort.find());
        }
        yarn.put("yarn.resourcemanager.webapp.address", "127.0.0.1:" + webPort);
        // FIFO: one queue, no capacity-scheduler.xml to write; the sweep is the only application
        yarn.put("yarn.resourcemanager.scheduler.class",
                "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
        yarn.put("yarn.scheduler.minimum-allocation-mb", "128");
        yarn.put("yarn.scheduler.maximum-allocation-mb", Integer.toString(nodeMemoryMb));
        yarn.put("yarn.nodemanager.hostname", "127.0.0.1");
        yarn.put("yarn.nodemanager.address", "127.0.0.1:" + FreePort.find());
        yarn.put("yarn.nodemanager.localizer.address", "127.0.0.1:" + FreePort.find());
        yarn.put("yarn.nodemanager.webapp.address", "127.0.0.1:" + FreePort.find());
        yarn.put("yarn.nodemanager.resource.memory-mb", Integer.toString(nodeMemoryMb));
        yarn.put("yarn.nodemanager.resource.cpu-vcores", Integer.toString(nodeVcores));
        yarn.put("yarn.nodemanager.local-dirs", Files.createDirectories(folder.resolve("nm-local")).toString());
        yarn.put("yarn.nodemanager.log-dirs", Files.createDirectories(folder.resolve("nm-logs")).toString());
        // a build machine's disk may be fuller than YARN's 90 % health limit, and JVMs reserve more virtual memory
        // than YARN's default ratio allows: neither says anything about this test
        yarn.put("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        yarn.put("yarn.nodemanager.disk-health-checker.min-free-space-per-disk-mb", "0");
        yarn.put("yarn.nodemanager.vmem-check-enabled", "false");
        yarn.put("yarn.nodemanager.pmem-check-enabled", "false");
        yarn.put("yarn.nodemanager.delete.debug-delay-sec", "600"); // keep the containers' folders for the asserts
        writeSite(confDir.resolve("yarn-site.xml"), yarn);
        writeSite(confDir.resolve("core-site.xml"), Map.of("fs.defaultFS", "file:///",
                "hadoop.tmp.dir", Files.createDirectories(folder.resolve("hadoop-tmp")).toString()));
        Files.writeString(confDir.resolve("log4j.properties"), """
                log4j.rootLogger=INFO,console
                log4j.appender.console=org.apache.log4j.ConsoleAppender
                log4j.appender.console.layout=org.apache.log4j.PatternLayout
                log4j.appender.console.layout.ConversionPattern=%d{HH:mm:ss} %p %c{1}: %m%n
                """);
        YarnCluster cluster = new YarnCluster(folder, confDir, webPort);
        try {
            String classPath = confDir + java.io.File.pathSeparator + hadoopClassPath;
            cluster.daemons.add(cluster.launch("resourcemanager", classPath,
                    "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager"));
            cluster.daemons.add(cluster.launch("nodemanager", classPath,
                    "org.apache.hadoop.yarn.server.nodemanager.NodeManager"));
            cluster.awaitRunningNodes(1, 120);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** What a user exports as HADOOP_CONF_DIR for this cluster. */
    Path confDir() {
        return confDir;
    }

    /** The ResourceManager's record of its applications (state, finalStatus, ...). */
    JsonNode applications() {
        return get("/ws/v1/cluster/apps").path("apps").path("app");
    }

    /** How many times YARN started the application master of {@code applicationId}. */
    int attempts(String applicationId) {
        return get("/ws/v1/cluster/apps/" + applicationId + "/appattempts").path("appAttempts").path("appAttempt")
                .size();
    }

    /** What container {@code number} of the application's first attempt printed (1 is the application master). */
    String containerOutput(String applicationId, int number) throws IOException {
        String container = "%s_01_%06d".formatted(applicationId.replace("application_", "container_"), number);
        Path dir = folder.resolve("nm-logs").resolve(applicationId).resolve(container);
        return Files.readString(dir.resolve("stdout")) + Files.readString(dir.resolve("stderr"));
    }

    String log(String name) {
        try {
            return Files.readString(folder.resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    private Process launch(String name, String classPath, String mainClass) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Dyarn.log.dir=" + folder, "-Dhadoop.log.dir=" + folder));
        // Hadoop 3.4's daemons on Java 17: their Guice 4 defines classes by reflection into java.lang
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.addAll(List.of("-cp", classPath, mainClass));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve(name + ".log").toFile());
        builder.environment().put("HADOOP_CONF_DIR", confDir.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home")); // the containers' java
        return builder.start();
    }

    private void awaitRunningNodes(int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (Process daemon : daemons) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("a YARN daemon died:\n" + log("resourcemanager") + "\n"
                            + log("nodemanager"));
                }
            }
            if (get("/ws/v1/cluster/metrics").path("clusterMetrics").path("activeNodes").asInt(0) >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no NodeManager registered within " + seconds + " s:\n"
                + log("resourcemanager") + "\n" + log("nodemanager"));
    }

    private JsonNode get(String path) {
        return StatusPage.read("http://127.0.0.1:" + webPort + path);
    }

    private static void writeSite(Path file, Map<String, String> properties) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
        properties.forEach((name, value) -> xml.append("  <property><name>").append(name).append("</name><value>")
                .append(value).append("</value></property>\n"));
        Files.writeString(file, xml.append("</configuration>\n"));
    }

    @Override
    public void close() {
        try {
            for (int i = daemons.size() - 1; i >= 0; i--) {
                ProcessTree.kill(daemons.get(i)); // the NodeManager's containers with it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
