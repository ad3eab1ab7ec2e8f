package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.scala.DefaultScalaModule;
import com.google.inject.Injector;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.runner.store.StoreJson;
import org.junit.jupiter.api.Test;

/**
 * Spark and FlowLab share one JVM in the driver and in every executor: the versions Maven picks for the
 * libraries both use (Jackson, Guava, Netty, slf4j) must work for both. Fails when a dependency change
 * brings back a clash.
 */
class DependencyClashTest {

    @Test
    void sparksJacksonScalaModuleAcceptsTheFrameworksJackson() {
        // jackson-module-scala refuses, at registration, a databind of another minor version: Spark does this on
        // its first job (RDDOperationScope), so a mismatch would fail every sweep.
        ObjectMapper mapper = StoreJson.MAPPER.copy().registerModule(new DefaultScalaModule());
        assertThat(mapper.getRegisteredModuleIds()).isNotEmpty();
        assertThat(new DefaultScalaModule().version().getMinorVersion())
                .isEqualTo(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion());
    }

    /** Spark 4's Kubernetes client (fabric8) asks for newer YAML and java.time modules than the framework's Jackson. */
    @Test
    void everyJacksonModuleOnTheClassPathIsTheFrameworksVersion() {
        com.fasterxml.jackson.core.Version databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION;
        assertThat(List.of(com.fasterxml.jackson.core.json.PackageVersion.VERSION,
                com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION,
                com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION, new DefaultScalaModule().version()))
                .allSatisfy(v -> assertThat(v.getMinorVersion()).as(v.toFullString())
                        .isEqualTo(databind.getMinorVersion()));
    }

    @Test
    void guiceAndSparkRunInOneJvm() throws NoSuchMethodException {
        Injector injector = FlowLab.injector(); // Guice needs Guava 31+, Spark's ZooKeeper client named Guava 16
        assertThat(injector.getInstance(ComponentRegistry.class)).isNotNull();
        SparkConf conf = new SparkConf().setMaster("local[1]").setAppName("clash").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) { // Netty RPC, Jackson for the job's scope
            List<String> json = spark.parallelize(List.of(1, 2, 3), 3)
                    .map(i -> StoreJson.MAPPER.writeValueAsString(java.util.Map.of("i", i))).collect();
            assertThat(json).containsExactly("{\"i\":1}", "{\"i\":2}", "{\"i\":3}");
        }
        // Guava 21+ (what Guice was built against), not the 16 Spark's ZooKeeper client would bring.
        assertThat(com.google.common.collect.ImmutableList.class.getMethod("toImmutableList")).isNotNull();
    }
}
