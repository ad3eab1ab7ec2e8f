package org.flowlab.runner.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowlab.runner.summary.Difference.Method;
import org.junit.jupiter.api.Test;

/** Constructed results whose answer is known: expected intervals from scipy.stats 1.17.1 (ttest_rel, ttest_ind). */
class VariantComparisonTest {

    private static final String PERM = "model.permutation";
    private static final String COUPLING = "model.coupling";

    private final List<Observation> observations = new ArrayList<>();

    private void add(String permutation, String coupling, long seed, double value) {
        Map<String, String> swept = new LinkedHashMap<>();
        swept.put(PERM, permutation);
        swept.put(COUPLING, coupling);
        observations.add(new Observation(permutation + "/" + coupling + "/s" + seed, swept, seed, value));
    }

    private void add(String permutation, long seed, double value) {
        observations.add(new Observation(permutation + "/s" + seed, Map.of(PERM, permutation), seed, value));
    }

    @Test
    void aGridIsPairedBySeedAndByTheOtherKeys() {
        // A/x, A/y, B/x, B/y over seeds 1..3. Per seed, B − A averaged over the couplings: 0.55, 0.53, 0.50.
        double[][] a = {{3.00, 3.10, 2.95}, {2.80, 2.90, 2.70}};
        double[][] b = {{3.50, 3.70, 3.40}, {3.40, 3.36, 3.25}};
        for (int s = 0; s < 3; s++) {
            add("A", "x", s + 1, a[0][s]);
            add("A", "y", s + 1, a[1][s]);
            add("B", "x", s + 1, b[0][s]);
            add("B", "y", s + 1, b[1][s]);
        }
        KeyComparison c = VariantComparison.compare(PERM, List.of("B", "A"), observations);

        assertThat(c.best()).isEqualTo("A");
        assertThat(c.variants()).extracting(VariantStats::variant).containsExactly("B", "A");
        VariantStats statsA = c.variants().get(1);
        assertThat(statsA.seeds()).isEqualTo(3);
        assertThat(statsA.mean()).isCloseTo(2.9083333333333337, within(1e-12));
        assertThat(statsA.std()).isCloseTo(0.08779711460710607, within(1e-12));

        Difference d = c.differences().get(0);
        assertThat(d.method()).isEqualTo(Method.PAIRED);
        assertThat(d.difference()).isCloseTo(0.5266666666666666, within(1e-12));
        assertThat(d.low()).isCloseTo(0.46415057187290876, within(1e-9)); // scipy ttest_rel(B, A).confidence_interval()
        assertThat(d.high()).isCloseTo(0.5891827614604249, within(1e-9));
        assertThat(d.degreesOfFreedom()).isEqualTo(2);
        assertThat(d.verdict()).isEqualTo("A is ahead of B by 0.53 bits/dim, 95% CI [0.46, 0.59], 3 of 3 seeds");
        assertThat(c.verdicts()).containsExactly(d.verdict());
    }

    @Test
    void anIntervalIncludingZeroIsNotDistinguishable() {
        double[] a = {2.0, 2.1, 2.2};
        double[] b = {2.05, 2.08, 2.3};
        for (int s = 0; s < 3; s++) {
            add("conv1x1-lu", s + 1, a[s]);
            add("shuffle", s + 1, b[s]);
        }
        Difference d = VariantComparison.compare(PERM, List.of("shuffle", "conv1x1-lu"), observations).differences().get(0);
        assertThat(d.low()).isCloseTo(-0.10640337766661662, within(1e-9));
        assertThat(d.high()).isCloseTo(0.1930700443332829, within(1e-9));
        assertThat(d.distinguishable()).isFalse();
        assertThat(d.verdict()).isEqualTo("conv1x1-lu and shuffle are not distinguishable: shuffle − conv1x1-lu = "
                + "0.04 bits/dim, 95% CI [-0.11, 0.19] includes 0, conv1x1-lu better on 2 of 3 seeds");
    }

    @Test
    void seedsThatDoNotMatchGetWelchsInterval() {
        double[] x = {3.4, 3.6, 3.3, 3.5};
        double[] y = {3.0, 3.05, 2.9};
        for (int i = 0; i < x.length; i++) {
            add("reverse", 10 + i, x[i]);
        }
        for (int i = 0; i < y.length; i++) {
            add("conv1x1", 20 + i, y[i]);
        }
        Difference d = VariantComparison.compare(PERM, List.of("reverse", "conv1x1"), observations).differences().get(0);
        assertThat(d.method()).isEqualTo(Method.WELCH);
        assertThat(d.degreesOfFreedom()).isCloseTo(4.864321608040199, within(1e-9));
        assertThat(d.low()).isCloseTo(0.26401740745849533, within(1e-9)); // ttest_ind(equal_var=False)
        assertThat(d.high()).isCloseTo(0.6693159258748391, within(1e-9));
        assertThat(d.verdict()).isEqualTo("conv1x1 is ahead of reverse by 0.47 bits/dim, 95% CI [0.26, 0.67], "
                + "unpaired (Welch: the seeds do not match)");
    }

    @Test
    void oneSeedGivesTheDifferenceButNoInterval() {
        add("reverse", 1, 3.2);
        add("conv1x1-lu", 1, 2.7);
        Difference d = VariantComparison.compare(PERM, List.of("reverse", "conv1x1-lu"), observations).differences().get(0);
        assertThat(d.method()).isEqualTo(Method.NO_INTERVAL);
        assertThat(d.low()).isNaN();
        assertThat(d.verdict()).isEqualTo("conv1x1-lu is ahead of reverse by 0.50 bits/dim on one seed (seed 1); "
                + "no interval can be given from one seed");
    }

    @Test
    void aFailedTrialLeavesItsSeedOutOfThePairs() {
        // seed 3 of B failed: pairs on seeds 1 and 2 only.
        add("A", 1, 2.0);
        add("A", 2, 2.1);
        add("A", 3, 2.2);
        add("B", 1, 2.3);
        add("B", 2, 2.5);
        Difference d = VariantComparison.compare(PERM, List.of("A", "B"), observations).differences().get(0);
        assertThat(d.method()).isEqualTo(Method.PAIRED);
        assertThat(d.seedsCompared()).isEqualTo(2);
        assertThat(d.difference()).isCloseTo(0.35, within(1e-12));
        // differences 0.3 and 0.4: sd 0.0707, t(0.975, 1) = 12.706 → half-width 0.635
        assertThat(d.high() - d.difference()).isCloseTo(12.706204736174694 * Math.sqrt(0.005) / Math.sqrt(2), within(1e-9));
    }

    @Test
    void aValueWithoutFinishedTrialsCannotBeCompared() {
        add("A", 1, 2.0);
        add("A", 2, 2.1);
        KeyComparison c = VariantComparison.compare(PERM, List.of("A", "B"), observations);
        assertThat(c.variants().get(1).seeds()).isZero();
        assertThat(c.differences().get(0).method()).isEqualTo(Method.NOT_COMPARABLE);
        assertThat(c.verdicts()).containsExactly("B cannot be compared with A: one of them has no finished trial");
    }

    @Test
    void curveAreaIsTheTrapezoidMeanOverTheCommonSteps() {
        TreeMap<Long, Double> curve = new TreeMap<>(Map.of(10L, 3.0, 20L, 2.0, 40L, 1.5, 50L, 9.0));
        // steps 10, 20, 40: (10 · 2.5 + 20 · 1.75) / 30 = 2.0
        assertThat(SweepStatistics.curveArea(curve, List.of(10L, 20L, 40L))).isCloseTo(2.0, within(1e-12));
        assertThat(SweepStatistics.curveArea(curve, List.of(20L))).isEqualTo(2.0);
        assertThat(SweepStatistics.commonSteps(List.of(curve, new TreeMap<>(Map.of(10L, 1.0, 40L, 1.0, 60L, 1.0)))))
                .containsExactly(10L, 40L);
    }

    @Test
    void headlineNamesAreValidMlflowKeys() {
        assertThat(SweepHeadlines.metricName("lr=0.001")).isEqualTo("lr_0.001");
        assertThat(SweepHeadlines.metricName("conv1x1-lu")).isEqualTo("conv1x1-lu");
    }
}
