package org.flowlab.runner.summary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flowlab.engine.train.MetricPoint;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/**
 * Which value of each swept key wins, and how sure we are: every swept key compared on two measures, the final
 * test bits/dim and the area under the test curve (see {@link VariantComparison} and experiments/README.md,
 * "How the summary decides a winner"). Only finished trials count; the others are listed as excluded.
 *
 * @param finalTestBpd one comparison per swept key on the final test bits/dim
 * @param curveArea    the same on the area under the test curve; empty when the finished trials share no
 *                     evaluated step
 * @param curveSteps   the evaluated steps every finished trial recorded (the curve area's support)
 * @param failed       run names of the trials that failed (excluded)
 * @param missing      run names of the trials not run, still running or interrupted, or finished without a
 *                     test bits/dim (excluded)
 */
public record SweepStatistics(List<KeyComparison> finalTestBpd, List<KeyComparison> curveArea,
                              List<Long> curveSteps, List<String> failed, List<String> missing) {

    public static final String TEST_METRIC = "test/bpd";

    public SweepStatistics {
        finalTestBpd = List.copyOf(finalTestBpd);
        curveArea = List.copyOf(curveArea);
        curveSteps = List.copyOf(curveSteps);
        failed = List.copyOf(failed);
        missing = List.copyOf(missing);
    }

    public static SweepStatistics of(SweepPlan plan, Map<String, StoredTrial> trialsById) {
        List<PlannedTrial> included = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (PlannedTrial trial : plan.trials()) {
            StoredTrial stored = trialsById.get(trial.trialId());
            if (stored != null && stored.status() == TrialStatus.FINISHED && stored.outcome() != null
                    && Double.isFinite(stored.outcome().finalTestBpd())) {
                included.add(trial);
            } else if (stored != null && stored.status() == TrialStatus.FAILED) {
                failed.add(trial.runName());
            } else {
                missing.add(trial.runName());
            }
        }
        List<Observation> finals = new ArrayList<>();
        for (PlannedTrial trial : included) {
            finals.add(new Observation(trial.runName(), trial.swept(), trial.seed(),
                    trialsById.get(trial.trialId()).outcome().finalTestBpd()));
        }
        Map<String, TreeMap<Long, Double>> curves = new HashMap<>();
        included.forEach(t -> curves.put(t.trialId(), curve(trialsById.get(t.trialId()).metric(TEST_METRIC))));
        List<Long> steps = commonSteps(curves.values());
        List<Observation> areas = new ArrayList<>();
        if (!steps.isEmpty()) {
            for (PlannedTrial trial : included) {
                areas.add(new Observation(trial.runName(), trial.swept(), trial.seed(),
                        curveArea(curves.get(trial.trialId()), steps)));
            }
        }
        List<KeyComparison> finalComparisons = new ArrayList<>();
        List<KeyComparison> areaComparisons = new ArrayList<>();
        for (String key : plan.sweptKeys()) {
            List<String> values = values(plan, key);
            finalComparisons.add(VariantComparison.compare(key, values, finals));
            if (!areas.isEmpty()) {
                areaComparisons.add(VariantComparison.compare(key, values, areas));
            }
        }
        return new SweepStatistics(finalComparisons, areaComparisons, steps, failed, missing);
    }

    /** How many trials the comparisons leave out, and which: "2 excluded: 1 failed (a/s1), 1 not run (b/s2)". */
    public String exclusions() {
        if (failed.isEmpty() && missing.isEmpty()) {
            return "Every planned trial finished; none excluded";
        }
        List<String> parts = new ArrayList<>();
        if (!failed.isEmpty()) {
            parts.add(failed.size() + " failed (" + list(failed) + ")");
        }
        if (!missing.isEmpty()) {
            parts.add(missing.size() + " without a result — not run, interrupted or no test bits/dim (" + list(missing) + ")");
        }
        return (failed.size() + missing.size()) + " trial(s) excluded from the comparisons: " + String.join(", ", parts);
    }

    /**
     * The mean test bits/dim over the curve: the trapezoid rule over {@code steps}, divided by the step span
     * (last − first); the value itself when there is one step. Comparable across trials because every trial
     * is measured at the same steps.
     */
    static double curveArea(TreeMap<Long, Double> curve, List<Long> steps) {
        if (steps.size() == 1) {
            return curve.get(steps.get(0));
        }
        double area = 0;
        for (int i = 1; i < steps.size(); i++) {
            long a = steps.get(i - 1);
            long b = steps.get(i);
            area += (b - a) * (curve.get(a) + curve.get(b)) / 2;
        }
        return area / (steps.get(steps.size() - 1) - steps.get(0));
    }

    /** step → value; a repeated step keeps its latest value, non-finite points are left out. */
    static TreeMap<Long, Double> curve(List<MetricPoint> points) {
        TreeMap<Long, Double> curve = new TreeMap<>();
        points.forEach(p -> curve.put(p.step(), p.value()));
        curve.values().removeIf(v -> !Double.isFinite(v));
        return curve;
    }

    static List<Long> commonSteps(Iterable<TreeMap<Long, Double>> curves) {
        Set<Long> common = null;
        for (TreeMap<Long, Double> curve : curves) {
            if (common == null) {
                common = new TreeSet<>(curve.keySet());
            } else {
                common.retainAll(curve.keySet());
            }
        }
        return common == null ? List.of() : List.copyOf(common);
    }

    private static List<String> values(SweepPlan plan, String key) {
        Set<String> values = new LinkedHashSet<>();
        plan.trials().forEach(t -> {
            String value = t.swept().get(key);
            if (value != null) {
                values.add(value);
            }
        });
        return List.copyOf(values);
    }

    private static String list(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", … " + (names.size() - 8) + " more";
    }
}
