package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowlab.engine.train.MetricPoint;
import org.junit.jupiter.api.Test;

class LimitsAndIdentityTest {

    @Test
    void keysKeepMlflowsAlphabetAndLength() {
        assertThat(Limits.key("train/bpd")).isEqualTo("train/bpd");
        assertThat(Limits.key("model.coupling.options.hidden-width: 2")).isEqualTo("model.coupling.options.hidden-width: 2");
        assertThat(Limits.key("a[b]=c,d")).isEqualTo("a_b__c_d");
        assertThat(Limits.key("k".repeat(300))).hasSize(Limits.KEY_LENGTH);
    }

    @Test
    void longValuesAreTruncatedTheSameWayEveryTime() {
        String value = "v".repeat(10_000);
        assertThat(Limits.paramValue(value)).hasSize(Limits.PARAM_VALUE_LENGTH).endsWith("…[truncated]")
                .isEqualTo(Limits.paramValue(value));
        assertThat(Limits.tagValue(value)).hasSize(Limits.TAG_VALUE_LENGTH);
        assertThat(Limits.paramValue("short")).isEqualTo("short");
        assertThat(Limits.paramValue(null)).isEmpty();
    }

    @Test
    void metricPointsAreComparedAsTheServerStoresThem() {
        MetricPoint inf = new MetricPoint("grad_norm", 3, Double.POSITIVE_INFINITY, 10);
        assertThat(MetricIdentity.of(inf)).isEqualTo(MetricIdentity.of("grad_norm", 3, 10, Double.MAX_VALUE));
        assertThat(MetricIdentity.of(new MetricPoint("x", 1, Double.NEGATIVE_INFINITY, 1)))
                .isEqualTo(MetricIdentity.of("x", 1, 1, -Double.MAX_VALUE));
        assertThat(MetricIdentity.of(new MetricPoint("x", 1, Double.NaN, 1)))
                .isEqualTo(MetricIdentity.of("x", 1, 1, Double.longBitsToDouble(0x7ff8000000000001L)));
        assertThat(MetricIdentity.of(new MetricPoint("x", 1, 0.1, 1)))
                .isNotEqualTo(MetricIdentity.of("x", 1, 2, 0.1))
                .isNotEqualTo(MetricIdentity.of("x", 2, 1, 0.1));
        assertThat(MetricIdentity.of(new MetricPoint("a b[c]", 1, 0.5, 1)).key()).isEqualTo("a b_c_");
    }

    @Test
    void artifactUrisMapOntoTheProxy() {
        assertThat(ArtifactLocation.proxyPath("mlflow-artifacts:/1/abc/artifacts")).contains("1/abc/artifacts");
        assertThat(ArtifactLocation.proxyPath("mlflow-artifacts://host:5000/1/abc/artifacts/")).contains("1/abc/artifacts");
        assertThat(ArtifactLocation.proxyPath("http://h:5000/api/2.0/mlflow-artifacts/artifacts/2/r/artifacts"))
                .contains("2/r/artifacts");
        assertThat(ArtifactLocation.proxyPath("/var/mlruns/1/abc/artifacts")).isEmpty();
        assertThat(ArtifactLocation.proxyPath("s3://bucket/1/abc")).isEmpty();
        assertThat(ArtifactLocation.proxyPath(null)).isEmpty();
        assertThat(ArtifactLocation.join("1/abc/artifacts", "", "x.png")).isEqualTo("1/abc/artifacts/x.png");
        assertThat(ArtifactLocation.join("1/abc/artifacts/", "/samples/", "x.png")).isEqualTo("1/abc/artifacts/samples/x.png");
        assertThat(MlflowApi.pathSegments("1/a b/c+d.png")).isEqualTo("1/a%20b/c%2Bd.png");
    }

    @Test
    void notesCarryTheDescriptionAndTheFailure() {
        assertThat(RunMirror.note(null, false, null)).isNull();
        assertThat(RunMirror.note("sweep", false, null)).isEqualTo("sweep");
        assertThat(RunMirror.note(null, true, "NaN at step 3")).isEqualTo("**FAILED**: NaN at step 3");
        assertThat(RunMirror.note("sweep", true, null)).isEqualTo("sweep\n\n**FAILED**");
    }
}
