package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad launcher settings are usage errors (exit 2) that name the key and the valid choices; nothing runs. */
class LauncherSettingsTest {

    @TempDir
    Path folder;

    @Test
    void anUnknownLauncherListsTheInstalledOnes() throws Exception {
        Path file = TinySweep.write(folder, "bad-launcher", 2, 2, "");
        Cli.Result result = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                "--launcher", "sprak");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("--launcher: launcher.name: unknown launcher 'sprak' (did you mean 'spark'?); "
                + "available: local, spark", "nothing was run");
        assertThat(folder.resolve("runs")).doesNotExist();
    }

    /** What a k8s:// or yarn master needs besides its URL is asked for before anything runs. */
    @Test
    void kubernetesAndYarnMastersSayWhatTheyNeedBeforeAnythingRuns() throws Exception {
        Path file = TinySweep.write(folder, "prerequisites", 2, 2, "");
        Cli.Result k8s = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                "--launcher", "spark", "--master", "k8s://https://127.0.0.1:6443");
        Cli.Result yarn = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                "--launcher", "spark", "--master", "yarn");

        assertThat(k8s.exitCode()).as(k8s.err()).isEqualTo(2);
        assertThat(k8s.err()).contains("launcher.conf: a k8s:// master starts executors as pods and needs their "
                + "image: set spark.kubernetes.container.image", "apache/spark:4.0.1");
        assertThat(yarn.exitCode()).as(yarn.err()).isEqualTo(2);
        assertThat(yarn.err()).contains("launcher.master: 'yarn' finds the ResourceManager in the cluster's "
                + "yarn-site.xml: set HADOOP_CONF_DIR or YARN_CONF_DIR", "spark.hadoop.yarn.resourcemanager.address");
        assertThat(folder.resolve("runs")).doesNotExist();
    }

    /** Kubernetes' cluster manager is in the jar: it reaches for the API server, and says what it found there. */
    @Test
    void aKubernetesApiServerThatIsNotThereFailsWithinTheBound() throws Exception {
        Path file = TinySweep.write(folder, "k8s", 2, 2, """
                launcher:
                  connectSeconds: 5
                  conf: {spark.kubernetes.container.image: apache/spark:4.0.1, spark.driver.host: 127.0.0.1}
                """);
        String nobody = "k8s://https://127.0.0.1:" + FreePort.find();
        long start = System.nanoTime();
        Cli.Result unreachable = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                "--launcher", "spark", "--master", nobody);
        Cli.Result notKubernetes;
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> { // accepts TLS hellos and hangs up
                while (!silent.isClosed()) {
                    try {
                        silent.accept().close();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            notKubernetes = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                    "--launcher", "spark", "--master", "k8s://https://127.0.0.1:" + silent.getLocalPort());
            acceptor.interrupt();
        }

        assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the Kubernetes API server of " + nobody,
                "kubectl cluster-info");
        assertThat(notKubernetes.exitCode()).as(notKubernetes.err()).isEqualTo(1);
        // Spark's Kubernetes client (fabric8) spoke TLS to it: the cluster manager is there and says what went wrong
        assertThat(notKubernetes.err()).contains("cannot start a Spark application on k8s://https://127.0.0.1:",
                "Failed to create SSL connection", "nothing was run");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(60));
        assertThat(folder.resolve("runs")).doesNotExist();
    }

    @Test
    void aBadMasterUrlNamesTheKeyAndTheValidForms() throws Exception {
        Path file = TinySweep.write(folder, "bad-master", 2, 2, "");
        Cli.Result result = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                "--launcher", "spark", "--master", "spark:/127.0.0.1:7077");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("--master: launcher.master: 'spark:/127.0.0.1:7077' is not a Spark master "
                + "URL; valid: spark://HOST:PORT", "local[N]", "k8s://https://HOST:PORT", "yarn");
        assertThat(folder.resolve("runs")).doesNotExist();
    }

    @Test
    void theFilesLauncherBlockIsCheckedWithItsLines() throws Exception {
        Path file = TinySweep.write(folder, "bad-block", 2, 2, """
                launcher:
                  name: spark
                  master: mesos://x:5050
                  shipdata: true
                  threads: 0
                """);
        Cli.Result result = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(file + ": 3 problems, nothing was run",
                file + ":10: launcher.master: 'mesos://x:5050' is not a Spark master URL",
                file + ":11: launcher.shipdata: unknown key (did you mean 'shipData'?); valid keys in 'launcher': "
                        + "name, master, shipData, threads, connectSeconds, conf",
                file + ":12: launcher.threads: must be a positive integer, got '0'");
    }

    @Test
    void theLocalLauncherTakesNoMaster() throws Exception {
        Path file = TinySweep.write(folder, "local-master", 2, 2, "");
        Cli.Result result = Cli.run("run", file.toString(), "--master", "spark://h:7077");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("launcher.master: the local launcher has no master");
    }

    @Test
    void pluginsListsTheLauncherFamily() {
        Cli.Result result = Cli.run("plugins", "--family", "launcher");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("launcher (--launcher NAME or the file's launcher: block",
                "  local — trials on this machine", "  spark — trials as Spark tasks on a cluster",
                "master: spark://HOST:PORT");
    }

    @Test
    void anUnreachableMasterFailsFastWithExitOneAndWritesNothing() throws Exception {
        Path file = TinySweep.write(folder, "no-master", 2, 2, "");
        Path store = folder.resolve("runs");
        long start = System.nanoTime();
        Cli.Result result = Cli.run("run", file.toString(), "--store", store.toString(),
                "--launcher", "spark", "--master", "spark://127.0.0.1:" + FreePort.find());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        assertThat(result.err()).contains("cannot reach the Spark master spark://127.0.0.1:", "Connection refused",
                "Is the master running", "nothing was run");
        assertThat(store).doesNotExist();
        assertThat(Files.exists(store)).isFalse();
    }
}
