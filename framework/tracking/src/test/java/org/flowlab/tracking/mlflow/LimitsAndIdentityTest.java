package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
    void aMetricPointIsItsKeyAndStepAndValuesCompareAsTheServerStoresThem() {
        assertThat(MetricIdentity.of(new MetricPoint("x", 1, 0.1, 1))).isEqualTo(MetricIdentity.of(new MetricPoint("x", 1, 0.2, 2)))
                .isNotEqualTo(MetricIdentity.of(new MetricPoint("x", 2, 0.1, 1)));
        assertThat(MetricIdentity.of(new MetricPoint("a b[c]", 1, 0.5, 1)).key()).isEqualTo("a b_c_");
        assertThat(MetricIdentity.sameValue(Double.POSITIVE_INFINITY, Double.MAX_VALUE)).isTrue();
        assertThat(MetricIdentity.sameValue(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE)).isTrue();
        assertThat(MetricIdentity.sameValue(Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L))).isTrue();
        assertThat(MetricIdentity.sameValue(0.1, 0.2)).isFalse();
    }

    @Test
    void theServerMayLackPointsButNeverHoldMore() {
        List<MetricPoint> store = List.of(new MetricPoint("train/bpd", 1, 3.0, 10), new MetricPoint("train/bpd", 2, 2.5, 20),
                new MetricPoint("lr", 1, 0.001, 10));
        MetricComparison partial = MetricComparison.of(store, Map.of("train/bpd", List.of(new MetricPoint("train/bpd", 1, 3.0, 99))));
        assertThat(partial.runIsStale()).as("another timestamp is the same point").isFalse();
        assertThat(partial.missing()).containsExactly(store.get(1), store.get(2));

        assertThat(MetricComparison.of(store, Map.of("train/bpd", List.of(new MetricPoint("train/bpd", 1, 3.0, 10),
                new MetricPoint("train/bpd", 1, 3.0, 11)))).staleReason()).isEqualTo("it holds train/bpd at step 1 more than once");
        assertThat(MetricComparison.of(store, Map.of("train/bpd", List.of(new MetricPoint("train/bpd", 7, 3.0, 10))))
                .staleReason()).isEqualTo("it holds train/bpd at step 7, which the run store does not");
        assertThat(MetricComparison.of(store, Map.of("train/bpd", List.of(new MetricPoint("train/bpd", 2, 2.75, 20))))
                .staleReason()).isEqualTo("it holds train/bpd at step 2 = 2.75, the run store 2.5");
        assertThat(MetricComparison.of(store, Map.of("images_per_sec", List.of(new MetricPoint("images_per_sec", 1, 5, 1))))
                .staleReason()).isEqualTo("it holds images_per_sec at step 1, which the run store does not");
        assertThat(MetricComparison.allMissing(store).missing()).containsExactlyElementsOf(store);
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
