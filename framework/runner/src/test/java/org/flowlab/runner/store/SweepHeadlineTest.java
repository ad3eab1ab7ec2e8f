package org.flowlab.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowlab.engine.train.MetricPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepHeadlineTest {

    @TempDir
    Path folder;

    @Test
    void keptInTheSweepFolderAndReadBackAsWritten() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("best/test_bpd_mean", 2.015);
        metrics.put("best/test_bpd_std", Double.NaN); // one seed: no std, and JSON/MLflow have no NaN
        SweepHeadline headline = new SweepHeadline(Map.of("best", "conv1x1-lu/affine"), metrics, 1_700_000_000_000L);
        headline.write(folder);

        SweepHeadline read = SweepHeadline.read(folder).orElseThrow();
        assertThat(read.tags()).containsExactly(Map.entry("best", "conv1x1-lu/affine"));
        assertThat(read.metrics()).containsExactly(Map.entry("best/test_bpd_mean", 2.015));
        assertThat(read.metricPoints()).containsExactly(new MetricPoint("best/test_bpd_mean", 0, 2.015, 1_700_000_000_000L));
        assertThat(SweepHeadline.read(folder.resolve("elsewhere"))).isEmpty();
    }

    @Test
    void aDamagedFileIsReportedByName() throws Exception {
        Files.writeString(folder.resolve(SweepHeadline.FILE), "{\"time\": 1, \"tags\": {}, \"metrics\": {\"x\": \"oops\"}}");
        assertThatThrownBy(() -> SweepHeadline.read(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder.resolve("result.json").toString()).hasMessageContaining("metric x is not a number");
        Files.writeString(folder.resolve(SweepHeadline.FILE), "garbage");
        assertThatThrownBy(() -> SweepHeadline.read(folder)).hasMessageContaining("damaged sweep result");
    }
}
