package org.flowlab.runner.summary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a metric against the optimiser step, one line per combination: the mean over its finished
 * seeds at the steps every seed recorded. Train bits/dim is logged every step and noisy, so it is smoothed
 * with a moving average; test bits/dim is drawn as recorded.
 */
public final class CurveChart {

    private CurveChart() {
    }

    /** @return false when no finished trial recorded the metric (nothing written) */
    public static boolean write(SweepPlan plan, Map<String, StoredTrial> trialsById, String metric, int smoothing,
                                Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(620)
                .title(plan.experiment().name() + ": " + metric + " (mean over seeds)")
                .xAxisTitle("step").yAxisTitle(metric.replace("/bpd", " bits/dim")).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        boolean any = false;
        for (Map.Entry<String, List<PlannedTrial>> group : plan.byCombination().entrySet()) {
            List<List<MetricPoint>> curves = new ArrayList<>();
            for (PlannedTrial trial : group.getValue()) {
                StoredTrial stored = trialsById.get(trial.trialId());
                if (stored != null && stored.status() == TrialStatus.FINISHED) {
                    List<MetricPoint> points = stored.metric(metric);
                    if (!points.isEmpty()) {
                        curves.add(points);
                    }
                }
            }
            TreeMap<Long, Double> mean = meanCurve(curves);
            if (mean.isEmpty()) {
                continue;
            }
            List<Long> steps = new ArrayList<>(mean.keySet());
            List<Double> values = smooth(new ArrayList<>(mean.values()), smoothing);
            String name = (group.getKey().isEmpty() ? "trial" : group.getKey()) + " (n=" + curves.size() + ")";
            chart.addSeries(name, steps, values).setMarker(steps.size() <= 50 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            any = true;
        }
        if (any) {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        return any;
    }

    /** Mean at the steps all curves share, so a seed with fewer points does not bend the line. */
    static TreeMap<Long, Double> meanCurve(List<List<MetricPoint>> curves) {
        TreeMap<Long, Double> sums = new TreeMap<>();
        TreeMap<Long, Integer> counts = new TreeMap<>();
        for (List<MetricPoint> curve : curves) {
            Map<Long, Double> last = new TreeMap<>();
            curve.forEach(p -> last.put(p.step(), p.value())); // a repeated step: the latest value counts
            last.forEach((step, value) -> {
                sums.merge(step, value, Double::sum);
                counts.merge(step, 1, Integer::sum);
            });
        }
        TreeMap<Long, Double> mean = new TreeMap<>();
        sums.forEach((step, sum) -> {
            if (counts.get(step) == curves.size() && Double.isFinite(sum)) {
                mean.put(step, sum / curves.size());
            }
        });
        return mean;
    }

    static List<Double> smooth(List<Double> values, int window) {
        if (window <= 1) {
            return values;
        }
        List<Double> smoothed = new ArrayList<>(values.size());
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i);
            if (i >= window) {
                sum -= values.get(i - window);
            }
            smoothed.add(sum / Math.min(i + 1, window));
        }
        return smoothed;
    }
}
