package org.flowlab.runner.summary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowlab.runner.store.SweepHeadline;

/**
 * Builds the {@link SweepHeadline} of a sweep from its summary and statistics. Names (MLflow groups metrics by
 * the part before the first {@code /}):
 * <ul>
 *   <li>tags {@code best} (the best combination, e.g. {@code conv1x1-lu/affine}), {@code best.test_bpd}
 *       ("2.0150 ± 0.0071 over 3 seeds"), {@code verdict/KEY} and {@code verdict/KEY/curve} (the sentences);</li>
 *   <li>metrics {@code best/test_bpd_mean}, {@code best/test_bpd_std}, {@code best/seeds}, and per swept key and
 *       value {@code KEY/VALUE/diff_to_best}, {@code KEY/VALUE/ci_low}, {@code KEY/VALUE/ci_high} (final test
 *       bits/dim) and the same with {@code curve_} in front (area under the test curve).</li>
 * </ul>
 */
public final class SweepHeadlines {

    private SweepHeadlines() {
    }

    public static SweepHeadline of(SweepSummary summary, SweepStatistics stats, long time) {
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        summary.rows().stream().filter(CombinationRow::best).findFirst().ifPresent(best -> {
            tags.put("best", best.combination().isEmpty() ? "(single combination)" : best.combination());
            tags.put("best.test_bpd", String.format(Locale.ROOT, "%.4f", best.meanTestBpd())
                    + (Double.isNaN(best.stdTestBpd()) ? "" : String.format(Locale.ROOT, " ± %.4f", best.stdTestBpd()))
                    + " over " + best.finished() + (best.finished() == 1 ? " seed" : " seeds"));
            metrics.put("best/test_bpd_mean", best.meanTestBpd());
            metrics.put("best/test_bpd_std", best.stdTestBpd());
            metrics.put("best/seeds", (double) best.finished());
        });
        put(stats.finalTestBpd(), "", "", tags, metrics);
        put(stats.curveArea(), "/curve", "curve_", tags, metrics);
        if (!stats.failed().isEmpty() || !stats.missing().isEmpty()) {
            tags.put("excluded", stats.exclusions());
        }
        return new SweepHeadline(tags, metrics, time);
    }

    private static void put(List<KeyComparison> comparisons, String tagSuffix, String metricPrefix,
                            Map<String, String> tags, Map<String, Double> metrics) {
        for (KeyComparison c : comparisons) {
            tags.put("verdict/" + c.key() + tagSuffix, String.join("; ", c.verdicts()));
            for (Difference d : c.differences()) {
                String base = c.key() + "/" + metricName(d.variant()) + "/" + metricPrefix;
                if (Double.isFinite(d.difference())) {
                    metrics.put(base + "diff_to_best", d.difference());
                }
                if (d.hasInterval()) {
                    metrics.put(base + "ci_low", d.low());
                    metrics.put(base + "ci_high", d.high());
                }
            }
        }
    }

    /** A value label as one segment of an MLflow key ({@code ^[/\w.\- :]*$}): {@code lr=0.001} → {@code lr_0.001}. */
    static String metricName(String label) {
        return label.replaceAll("[^\\w.\\- :]", "_");
    }
}
