package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a k8s:// or yarn master's endpoints and Hadoop settings are found before Spark starts. */
class ClusterManagerSetupTest {

    @TempDir
    Path folder;

    @Test
    void theHadoopConfFoldersSiteFilesBecomeSparkHadoopSettingsWhichLauncherConfOverrides() throws Exception {
        Files.writeString(folder.resolve("yarn-site.xml"), """
                <configuration>
                  <property><name>yarn.resourcemanager.hostname</name><value>rm.example</value></property>
                  <property><name>yarn.resourcemanager.address</name><value>${yarn.resourcemanager.hostname}:8050</value></property>
                  <property><name>yarn.nodemanager.vmem-check-enabled</name><value>false</value></property>
                </configuration>
                """);
        Files.writeString(folder.resolve("core-site.xml"), """
                <configuration><property><name>fs.defaultFS</name><value>hdfs://nn:8020</value></property></configuration>
                """);
        SparkConf conf = new SparkConf(false).set("spark.hadoop.yarn.nodemanager.vmem-check-enabled", "true");

        ClusterManagerSetup.applyHadoopConfiguration(conf, Map.of("HADOOP_CONF_DIR", folder.toString()));

        assertThat(conf.get("spark.hadoop.yarn.resourcemanager.address")).isEqualTo("rm.example:8050");
        assertThat(conf.get("spark.hadoop.fs.defaultFS")).isEqualTo("hdfs://nn:8020");
        assertThat(conf.get("spark.hadoop.yarn.nodemanager.vmem-check-enabled")).isEqualTo("true");
        assertThat(ClusterManagerSetup.endpoints("yarn", conf)).extracting(Object::toString)
                .containsExactly("rm.example:8050");
    }

    @Test
    void everyResourceManagerOfAnHaPairIsAnEndpoint() {
        SparkConf conf = new SparkConf(false).set("spark.hadoop.yarn.resourcemanager.ha.enabled", "true")
                .set("spark.hadoop.yarn.resourcemanager.ha.rm-ids", "rm1, rm2")
                .set("spark.hadoop.yarn.resourcemanager.hostname.rm1", "a.example")
                .set("spark.hadoop.yarn.resourcemanager.address.rm2", "b.example:9032");

        assertThat(ClusterManagerSetup.endpoints("yarn", conf)).extracting(Object::toString)
                .containsExactly("a.example:8032", "b.example:9032");
    }

    @Test
    void aKubernetesMastersApiServerDefaultsToHttpsPort443() {
        SparkConf conf = new SparkConf(false);
        assertThat(ClusterManagerSetup.endpoints("k8s://https://api.example:6443", conf)).extracting(Object::toString)
                .containsExactly("api.example:6443");
        assertThat(ClusterManagerSetup.endpoints("k8s://api.example", conf)).extracting(Object::toString)
                .containsExactly("api.example:443");
        assertThat(ClusterManagerSetup.endpoints("k8s://http://api.example/", conf)).extracting(Object::toString)
                .containsExactly("api.example:80");
        assertThat(ClusterManagerSetup.endpoints("spark://h:7077", conf)).isEmpty();
    }

    @Test
    void yarnAndKubernetesExecutorsAreSizedForOneTrialUnlessLauncherConfSaysOtherwise() {
        SparkConf yarn = new SparkConf(false);
        SparkConf k8s = new SparkConf(false).set("spark.executor.cores", "8");
        SparkConf standalone = new SparkConf(false);

        ClusterManagerSetup.sizeExecutors("yarn", yarn, 2);
        ClusterManagerSetup.sizeExecutors("k8s://https://api:6443", k8s, 2);
        ClusterManagerSetup.sizeExecutors("spark://h:7077", standalone, 2);

        assertThat(yarn.get("spark.executor.cores")).isEqualTo("2");
        assertThat(k8s.get("spark.executor.cores")).isEqualTo("8");
        assertThat(standalone.contains("spark.executor.cores")).as("a standalone executor takes its worker's cores")
                .isFalse();
    }

    @Test
    void noConfFolderNoResourceManagerAddressIsAProblemOnlyForYarn() {
        assertThat(ClusterManagerSetup.problems("yarn", Map.of(), Map.of("HADOOP_CONF_DIR", "")))
                .extracting(p -> p.key()).containsExactly("launcher.master");
        assertThat(ClusterManagerSetup.problems("yarn", Map.of(), Map.of("YARN_CONF_DIR", folder.toString())))
                .isEmpty();
        assertThat(ClusterManagerSetup.problems("yarn",
                Map.of("spark.hadoop.yarn.resourcemanager.address", "rm:8032"), Map.of())).isEmpty();
        assertThat(ClusterManagerSetup.problems("spark://h:7077", Map.of(), Map.of())).isEmpty();
    }
}
