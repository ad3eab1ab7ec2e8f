package org.flowlab.launcher.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.flowlab.runner.launch.LauncherPlugin.SettingProblem;

/**
 * What a Kubernetes or YARN master needs besides its URL. Spark finds out late and obscurely (a YARN client
 * retrying 0.0.0.0:8032 for minutes, a Kubernetes client saying "An error has occurred"); these checks say it
 * before anything runs, and the endpoints they find are probed within the launcher's time bound.
 */
final class ClusterManagerSetup {

    static final String IMAGE = "spark.kubernetes.container.image";
    static final String EXECUTOR_IMAGE = "spark.kubernetes.executor.container.image";
    static final String RM_ADDRESS = "spark.hadoop.yarn.resourcemanager.address";
    private static final List<String> HADOOP_CONF_DIRS = List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR");
    private static final List<String> SITE_FILES = List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml");

    private ClusterManagerSetup() {
    }

    static boolean isKubernetes(String master) {
        return master.startsWith("k8s://");
    }

    static boolean isYarn(String master) {
        return master.equals("yarn");
    }

    /** Missing prerequisites of a k8s:// or yarn master; none for the others. */
    static List<SettingProblem> problems(String master, Map<String, String> conf, Map<String, String> env) {
        List<SettingProblem> problems = new ArrayList<>();
        if (isKubernetes(master) && !conf.containsKey(IMAGE) && !conf.containsKey(EXECUTOR_IMAGE)) {
            problems.add(new SettingProblem("launcher.conf", "a k8s:// master starts executors as pods and needs "
                    + "their image: set " + IMAGE + " (an image with Spark " + org.apache.spark.package$.MODULE$
                    .SPARK_VERSION() + " and Java 17, e.g. apache/spark:" + org.apache.spark.package$.MODULE$
                    .SPARK_VERSION() + "; FlowLab's classes are sent to the executors by the driver)"));
        }
        if (isYarn(master) && !conf.containsKey(RM_ADDRESS) && hadoopConfDir(env).isEmpty()) {
            problems.add(new SettingProblem("launcher.master", "'yarn' finds the ResourceManager in the cluster's "
                    + "yarn-site.xml: set HADOOP_CONF_DIR or YARN_CONF_DIR to the folder holding it (neither is set "
                    + "to an existing folder), or give launcher.conf " + RM_ADDRESS + ": HOST:8032"));
        }
        return problems;
    }

    /**
     * Everything a k8s:// or yarn master needs set before Spark starts; nothing for the others.
     *
     * @param self the jar (or classes folder) the launcher was loaded from; null when unknown
     */
    static void prepare(String master, SparkConf conf, int threads, Map<String, String> env, Path self) {
        applyHadoopConfiguration(conf, env);
        sizeExecutors(master, conf, threads);
        if (isYarn(master)) {
            sendSparkToYarn(conf, self);
        }
    }

    /**
     * YARN containers start from nothing: without spark.yarn.jars Spark uploads $SPARK_HOME/jars, which a
     * {@code flowlab run} driver has not got. The runnable jar holds all of Spark, so it is the containers' Spark;
     * a development checkout on the cluster's own machine lends its class path in place.
     */
    static void sendSparkToYarn(SparkConf conf, Path self) {
        if (conf.contains("spark.yarn.jars") || conf.contains("spark.yarn.archive")) {
            return;
        }
        boolean runnableJar = self != null && Files.isRegularFile(self) && self.toString().endsWith(".jar");
        conf.set("spark.yarn.jars", runnableJar ? self.toString() : classPathInPlace());
    }

    /** This JVM's class path as {@code local:} entries: files every node of a one-machine cluster reads in place. */
    static String classPathInPlace() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> "local:" + entry).collect(Collectors.joining(","));
    }

    /**
     * The driver here is {@code flowlab run}, not spark-submit, so no script put the Hadoop configuration folder on
     * the class path: its site files reach Spark (and, through Spark's configuration, the YARN application master)
     * as {@code spark.hadoop.*} settings. Settings given in launcher.conf win.
     */
    static void applyHadoopConfiguration(SparkConf conf, Map<String, String> env) {
        Optional<Path> folder = hadoopConfDir(env);
        if (folder.isEmpty()) {
            return;
        }
        Configuration site = new Configuration(false);
        for (String name : SITE_FILES) {
            File file = folder.get().resolve(name).toFile();
            if (file.isFile()) {
                site.addResource(new org.apache.hadoop.fs.Path(file.toURI()));
            }
        }
        for (Map.Entry<String, String> entry : site) {
            String key = "spark.hadoop." + entry.getKey();
            if (!conf.contains(key)) {
                conf.set(key, site.get(entry.getKey())); // get() expands ${...} references
            }
        }
    }

    /**
     * YARN and Kubernetes executors get one core unless told otherwise, and Spark refuses to start when a task needs
     * more ({@code spark.task.cpus} = the trial's threads): by default an executor is sized for one trial.
     */
    static void sizeExecutors(String master, SparkConf conf, int threads) {
        if ((isYarn(master) || isKubernetes(master)) && !conf.contains("spark.executor.cores")) {
            conf.set("spark.executor.cores", Integer.toString(threads));
        }
    }

    /** The endpoints the driver must reach first: the API server, or the ResourceManager(s); empty otherwise. */
    static List<SparkMasterUrl.HostPort> endpoints(String master, SparkConf conf) {
        if (isKubernetes(master)) {
            return SparkMasterUrl.kubernetesApiServer(master).map(List::of).orElse(List.of());
        }
        if (!isYarn(master)) {
            return List.of();
        }
        List<SparkMasterUrl.HostPort> endpoints = new ArrayList<>();
        if (conf.getBoolean("spark.hadoop.yarn.resourcemanager.ha.enabled", false)) {
            for (String id : conf.get("spark.hadoop.yarn.resourcemanager.ha.rm-ids", "").split(",")) {
                String address = conf.get(RM_ADDRESS + "." + id.trim(),
                        conf.get("spark.hadoop.yarn.resourcemanager.hostname." + id.trim(), "") + ":8032");
                SparkMasterUrl.hostPort(address).ifPresent(endpoints::add);
            }
        }
        if (endpoints.isEmpty()) {
            String host = conf.get("spark.hadoop.yarn.resourcemanager.hostname", "0.0.0.0");
            SparkMasterUrl.hostPort(conf.get(RM_ADDRESS, host + ":8032")).ifPresent(endpoints::add);
        }
        return endpoints;
    }

    private static Optional<Path> hadoopConfDir(Map<String, String> env) {
        return HADOOP_CONF_DIRS.stream().map(env::get).filter(d -> d != null && !d.isBlank()).map(Path::of)
                .filter(Files::isDirectory).findFirst();
    }
}
