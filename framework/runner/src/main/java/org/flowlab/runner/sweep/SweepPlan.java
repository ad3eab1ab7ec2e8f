package org.flowlab.runner.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowlab.runner.spec.Experiment;

/**
 * The trials of a sweep in the order they run: every combination for the first seed, then for the next, so
 * that a sweep stopped half-way already compares every combination.
 *
 * @param sweptKeys the grid's keys in file order, then keys only include entries set
 */
public record SweepPlan(Experiment experiment, List<PlannedTrial> trials, List<String> sweptKeys, List<String> notices) {

    public SweepPlan {
        trials = List.copyOf(trials);
        sweptKeys = List.copyOf(sweptKeys);
        notices = List.copyOf(notices);
    }

    /** Flattened settings with the same value in every trial (the swept ones show in the run names). */
    public Map<String, String> sharedSettings() {
        Map<String, String> shared = new LinkedHashMap<>();
        if (trials.isEmpty()) {
            return shared;
        }
        List<Map<String, String>> flat = trials.stream().map(t -> ConfigJson.flatten(t.config())).toList();
        flat.get(0).forEach((key, value) -> {
            if (flat.stream().allMatch(f -> value.equals(f.get(key)))) {
                shared.put(key, value);
            }
        });
        return shared;
    }

    /** Combination label → its trials (one per seed), in plan order. */
    public Map<String, List<PlannedTrial>> byCombination() {
        Map<String, List<PlannedTrial>> groups = new LinkedHashMap<>();
        for (PlannedTrial trial : trials) {
            groups.computeIfAbsent(trial.combination(), k -> new java.util.ArrayList<>()).add(trial);
        }
        return groups;
    }
}
