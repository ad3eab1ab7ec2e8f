package org.flowlab.runner.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTablesTest {

    private static final SweepSummary SUMMARY = new SweepSummary("exp", List.of("model.permutation", "train.lr"), List.of(
            new CombinationRow("reverse/lr=0.001", Map.of("model.permutation", "reverse", "train.lr", "lr=0.001"),
                    3, 3, 0, 1.23456, 0.01, 1.2201, 1.3, 1_234_567, 75, false),
            new CombinationRow("conv1x1-lu/lr=0.001", Map.of("model.permutation", "conv1x1-lu", "train.lr", "lr=0.001"),
                    3, 2, 1, 1.1, Double.NaN, 1.1, 1.2, 1_240_000, 3700, true),
            new CombinationRow("shuffle/lr=0.001", Map.of("model.permutation", "shuffle", "train.lr", "lr=0.001"),
                    3, 0, 3, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, false)));

    @Test
    void consoleTable() {
        assertThat(SummaryTables.text(SUMMARY)).isEqualTo("""
                model.permutation  train.lr            runs  test bpd (mean ± std)    best  train bpd  params  time/trial
                ---------------------------------------------------------------------------------------------------------
                reverse            0.001                3/3        1.2346 ± 0.0100  1.2201     1.3000   1.23M       1m15s
                conv1x1-lu         0.001     2/3 (1 failed)               1.1000 *  1.1000     1.2000   1.24M       1h01m
                shuffle            0.001     0/3 (3 failed)                      –       –          –       –           –
                * lowest mean test bits/dim; std over seeds (n−1); runs = finished/planned""");
    }

    @Test
    void markdownTable() {
        assertThat(SummaryTables.markdownTable(SUMMARY)).startsWith("""
                | model.permutation | train.lr | runs | test bpd (mean ± std) | best | train bpd | params | time/trial |
                |---|---|---:|---:|---:|---:|---:|---:|
                | reverse | 0.001 | 3/3 | 1.2346 ± 0.0100 | 1.2201 | 1.3000 | 1.23M | 1m15s |
                | conv1x1-lu | 0.001 | 2/3 (1 failed) | **1.1000** | 1.1000 | 1.2000 | 1.24M | 1h01m |
                | shuffle | 0.001 | 0/3 (3 failed) | – | – | – | – | – |
                """);
    }

    @Test
    void csvKeepsFullPrecisionAndEmptyCellsForMissingNumbers() {
        assertThat(SummaryTables.csv(SUMMARY)).isEqualTo("""
                model.permutation,train.lr,combination,planned,finished,failed,test_bpd_mean,test_bpd_std,test_bpd_best,\
                train_bpd_mean,params,seconds_per_trial,test_bpd_ci95_low,test_bpd_ci95_high
                reverse,0.001,reverse/lr=0.001,3,3,0,1.23456,0.01,1.2201,1.3,1234567,75,1.209718623,1.259401377
                conv1x1-lu,0.001,conv1x1-lu/lr=0.001,3,2,1,1.1,,1.1,1.2,1240000,3700,,
                shuffle,0.001,shuffle/lr=0.001,3,0,3,,,,,0,,,
                """);
    }

    @Test
    void statistics() {
        assertThat(Stats.mean(new double[] {1, 2, 3})).isEqualTo(2.0);
        assertThat(Stats.sampleStd(new double[] {1, 2, 3})).isEqualTo(1.0);
        assertThat(Stats.sampleStd(new double[] {5})).isNaN();
        assertThat(Stats.min(new double[] {})).isNaN();
    }

    @Test
    void meanCurveUsesOnlyStepsEverySeedRecorded() {
        var a = List.of(new org.flowlab.engine.train.MetricPoint("test/bpd", 10, 2.0, 0),
                new org.flowlab.engine.train.MetricPoint("test/bpd", 20, 1.0, 0));
        var b = List.of(new org.flowlab.engine.train.MetricPoint("test/bpd", 10, 4.0, 0));
        assertThat(CurveChart.meanCurve(List.of(a, b))).containsExactly(Map.entry(10L, 3.0));
        assertThat(CurveChart.smooth(List.of(1.0, 3.0, 5.0), 2)).containsExactly(1.0, 2.0, 4.0);
    }
}
