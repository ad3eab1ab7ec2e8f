package org.flowlab.tracking.mlflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowlab.engine.train.MetricPoint;

/**
 * A run's metric histories on the server against the points the run store holds for it, point by point
 * ({@link MetricIdentity}: key and step). The server can lack points (they are uploaded) or hold points the store
 * does not — a step twice, a step the store has not, another value, a metric the store has not. MLflow cannot
 * delete metric points, so the latter can only be repaired by replacing the run: {@link #staleReason()} says why.
 *
 * @param missing     the store's points the server lacks, in store order
 * @param staleReason null when every point on the server is one of the store's; otherwise the first difference
 */
public record MetricComparison(List<MetricPoint> missing, String staleReason) {

    public boolean runIsStale() {
        return staleReason != null;
    }

    /** For a run with no points yet. */
    public static MetricComparison allMissing(List<MetricPoint> stored) {
        return new MetricComparison(List.copyOf(latestPerIdentity(stored).values()), null);
    }

    /**
     * @param stored  the store's points of the trial's latest attempt
     * @param histories the server's full history of every metric key the run has, by key
     */
    public static MetricComparison of(List<MetricPoint> stored, Map<String, List<MetricPoint>> histories) {
        Map<MetricIdentity, MetricPoint> wanted = latestPerIdentity(stored);
        Map<MetricIdentity, MetricPoint> present = new HashMap<>();
        String twice = null;   // reported first: the mark of an attempt appended to another
        String extra = null;
        String differs = null;
        for (Map.Entry<String, List<MetricPoint>> history : histories.entrySet()) {
            for (MetricPoint p : history.getValue()) {
                MetricIdentity id = new MetricIdentity(history.getKey(), p.step());
                MetricPoint want = wanted.get(id);
                if (present.put(id, p) != null) {
                    twice = twice != null ? twice : "it holds " + id.key() + " at step " + id.step() + " more than once";
                } else if (want == null) {
                    extra = extra != null ? extra
                            : "it holds " + id.key() + " at step " + id.step() + ", which the run store does not";
                } else if (!MetricIdentity.sameValue(want.value(), p.value())) {
                    differs = differs != null ? differs : "it holds " + id.key() + " at step " + id.step() + " = "
                            + p.value() + ", the run store " + want.value();
                }
            }
        }
        String stale = twice != null ? twice : extra != null ? extra : differs;
        List<MetricPoint> missing = new ArrayList<>();
        wanted.forEach((id, p) -> {
            if (!present.containsKey(id)) {
                missing.add(p);
            }
        });
        return new MetricComparison(missing, stale);
    }

    /** One point per (key, step): the last recorded wins (an attempt records each step once; this is defensive). */
    private static Map<MetricIdentity, MetricPoint> latestPerIdentity(List<MetricPoint> stored) {
        Map<MetricIdentity, MetricPoint> byIdentity = new LinkedHashMap<>();
        for (MetricPoint p : stored) {
            MetricIdentity id = MetricIdentity.of(p);
            byIdentity.remove(id); // keeps store order for the one that stays
            byIdentity.put(id, p);
        }
        return byIdentity;
    }
}
