package org.flowlab.launcher.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on 127.0.0.1: a Master and N Workers, each its own JVM started from the
 * Maven jars on this test's class path (no Spark download). Workers have 1 core and small memory; their
 * executors get FlowLab's classes from the driver's class path ({@code spark.executor.extraClassPath}).
 */
final class StandaloneCluster implements AutoCloseable {

    private final Path folder;
    private final int port;
    private final int webPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();

    private StandaloneCluster(Path folder, int port, int webPort, Process master) {
        this.folder = folder;
        this.port = port;
        this.webPort = webPort;
        this.master = master;
    }

    static StandaloneCluster start(Path folder, int workerCount) throws IOException, InterruptedException {
        Path home = Files.createDirectories(folder.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars")); // Spark's layout; everything is on the class path instead
        int port = FreePort.find();
        int webPort = FreePort.find();
        Process master = launch(folder, home, "master", List.of("org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(webPort)));
        StandaloneCluster cluster = new StandaloneCluster(folder, port, webPort, master);
        try {
            cluster.awaitPort(60);
            for (int i = 0; i < workerCount; i++) {
                Path work = Files.createDirectories(folder.resolve("worker-" + i));
                cluster.workDirs.add(work);
                cluster.workers.add(launch(folder, home, "worker-" + i, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(),
                        "--webui-port", Integer.toString(FreePort.find()), cluster.url())));
            }
            cluster.awaitWorkers(workerCount, 90);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static Process launch(Path folder, Path home, String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.spark.deploy=info");
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    Path workDir(int worker) {
        return workDirs.get(worker);
    }

    /**
     * The worker whose work dir holds the folder of {@code executorId} in the newest application (standalone:
     * WORK_DIR/app-TIME-COUNTER/ID; every application numbers its executors from 0 again).
     */
    int workerOf(String executorId) throws IOException {
        int worker = -1;
        String newest = "";
        for (int i = 0; i < workDirs.size(); i++) {
            try (Stream<Path> apps = Files.list(workDirs.get(i))) {
                for (Path app : apps.filter(a -> a.getFileName().toString().startsWith("app-")).toList()) {
                    String name = app.getFileName().toString();
                    if (Files.isDirectory(app.resolve(executorId)) && name.compareTo(newest) > 0) {
                        newest = name;
                        worker = i;
                    }
                }
            }
        }
        return worker;
    }

    /** Executor folders this worker created (all applications). */
    List<String> executorsOn(int worker) throws IOException {
        List<String> executors = new ArrayList<>();
        try (Stream<Path> apps = Files.list(workDirs.get(worker))) {
            for (Path app : apps.filter(Files::isDirectory).toList()) {
                try (Stream<Path> ids = Files.list(app)) {
                    ids.filter(Files::isDirectory).forEach(id -> executors.add(id.getFileName().toString()));
                }
            }
        }
        return executors;
    }

    /** The machine dies: the Worker and the executor it started, without a chance to say goodbye. */
    void kill(int worker) throws InterruptedException {
        ProcessTree.kill(workers.get(worker));
    }

    String log(String name) {
        try {
            return Files.readString(folder.resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitPort(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!master.isAlive()) {
                    throw new IllegalStateException("the Spark master died:\n" + log("master"));
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen within " + seconds + " s:\n" + log("master"));
    }

    private void awaitWorkers(int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (aliveWorkers() >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the workers did not register within " + seconds + " s:\n" + log("master")
                + "\n" + log("worker-0"));
    }

    /** The master's own count, from its web UI's JSON page. */
    int aliveWorkers() {
        return masterState().path("aliveworkers").asInt(0);
    }

    /**
     * {@code spark-submit --deploy-mode cluster} (Spark's SparkSubmit, as the script runs it): the master starts the
     * driver, {@code mainClass} with {@code args}, on a worker; waits for that driver to end.
     *
     * @param classPath the driver's class path on the workers ({@code spark.driver.extraClassPath})
     * @return the driver's final state (FINISHED, FAILED, ...) and the folder holding its stdout/stderr
     */
    SubmittedDriver submitClusterMode(Path primaryJar, String classPath, String mainClass, List<String> args, int seconds)
            throws IOException, InterruptedException {
        String moduleOptions = JavaModuleOptions.defaultModuleOptions();
        List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", url(),
                "--deploy-mode", "cluster", "--driver-memory", "512m", "--conf", "spark.driver.extraClassPath=" + classPath,
                // as the README's form: Spark on Java 17 needs these in the driver's JVM, which the worker starts
                "--conf", "spark.driver.extraJavaOptions=" + moduleOptions, "--class", mainClass, primaryJar.toString()));
        submit.addAll(args);
        Process client = launch(folder, folder.resolve("spark-home"), "spark-submit", submit);
        if (!client.waitFor(120, TimeUnit.SECONDS) || client.exitValue() != 0) {
            client.destroyForcibly();
            throw new IllegalStateException("spark-submit failed:\n" + log("spark-submit"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (var driver : masterState().path("completeddrivers")) {
                if (mainClass.equals(driver.path("mainclass").asText())) {
                    String id = driver.path("id").asText();
                    Path dir = workDirs.stream().map(w -> w.resolve(id)).filter(Files::isDirectory).findFirst()
                            .orElse(null);
                    return new SubmittedDriver(driver.path("state").asText(), dir);
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the submitted driver did not end within " + seconds + " s:\n" + masterState());
    }

    record SubmittedDriver(String state, Path folder) {
        String output() {
            try {
                return Files.readString(folder.resolve("stdout")) + Files.readString(folder.resolve("stderr"));
            } catch (IOException | RuntimeException e) {
                return "(no driver output: " + e + ")";
            }
        }
    }

    private com.fasterxml.jackson.databind.JsonNode masterState() {
        return StatusPage.read("http://127.0.0.1:" + webPort + "/json/");
    }

    @Override
    public void close() {
        try {
            for (Process worker : workers) {
                ProcessTree.kill(worker);
            }
            ProcessTree.kill(master);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
