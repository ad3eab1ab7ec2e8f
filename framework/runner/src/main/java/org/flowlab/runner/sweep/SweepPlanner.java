package org.flowlab.runner.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.runner.spec.ConfigDraft;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentSchema;
import org.flowlab.runner.spec.Located;
import org.flowlab.runner.spec.Location;
import org.flowlab.runner.spec.Problems;
import org.flowlab.runner.spec.SweepSpec;
import org.flowlab.runner.spec.SweepValue;
import org.flowlab.runner.spec.WhatToRun;

/**
 * Expands an experiment into trials:
 * <ol>
 *   <li>the grid: the Cartesian product of the swept keys' values (first key varies slowest);</li>
 *   <li>minus every grid combination matching an {@code exclude} entry (all of its keys equal);</li>
 *   <li>plus every {@code include} entry as one more combination (keys it does not name keep the values of the
 *       file; includes are never excluded); without swept keys, the includes alone are the combinations;</li>
 *   <li>times the seeds ({@code sweep.seeds}, else {@code train.seed}), seeds outermost.</li>
 * </ol>
 * Each trial is resolved fully (plugin options validated, defaults filled in) and identified by its config
 * hash; a combination that resolves to a trial already planned (an include repeating a grid point) runs once.
 */
public final class SweepPlanner {

    private final TrialResolver resolver;

    public SweepPlanner(ComponentRegistry registry) {
        this.resolver = new TrialResolver(registry);
    }

    private record Combo(Map<String, SweepValue> assignments) {
    }

    /** @throws org.flowlab.runner.spec.InvalidExperimentException listing every problem of every trial */
    public SweepPlan plan(Experiment experiment) {
        SweepSpec sweep = experiment.sweep();
        Problems problems = new Problems();
        List<String> notices = new ArrayList<>(experiment.notices());
        List<Combo> combos = combinations(sweep, experiment, problems);
        List<String> sweptKeys = sweptKeys(sweep);
        List<Located> seeds = sweep.seeds().isEmpty()
                ? List.of(experiment.base().field("train.seed").orElseThrow()) : sweep.seeds();

        List<PlannedTrial> trials = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, Integer> runNames = new HashMap<>();
        for (Located seed : seeds) {
            for (Combo combo : combos) {
                ConfigDraft draft = experiment.base().copy();
                combo.assignments().forEach(draft::assign);
                draft.assign("train.seed", new SweepValue(seed.value(), seed.location(), false));
                Optional<TrialConfig> config = resolver.resolve(draft, problems);
                if (config.isEmpty()) {
                    continue;
                }
                String id = ConfigJson.trialId(config.get());
                Map<String, String> swept = swept(sweptKeys, combo, config.get());
                String combination = String.join("/", swept.values());
                if (!ids.add(id)) {
                    notices.add("'" + combination + "' with seed " + seed.value() + " is planned twice (an include "
                            + "entry repeats a grid combination); it runs once");
                    continue;
                }
                String runName = (combination.isEmpty() ? "" : combination + "/") + "s" + seed.value();
                int seen = runNames.merge(runName, 1, Integer::sum);
                if (seen > 1) {
                    runName = runName + "#" + seen; // settings the run name does not show differ
                }
                trials.add(new PlannedTrial(trials.size(), id, runName, combination, swept, (Long) seed.value(),
                        config.get()));
            }
        }
        if (problems.isEmpty()) {
            WhatToRun.check(experiment, problems);
        }
        problems.throwIfAny(experiment.source());
        return new SweepPlan(experiment, trials, sweptKeys, notices);
    }

    private List<Combo> combinations(SweepSpec sweep, Experiment experiment, Problems problems) {
        List<Combo> combos = new ArrayList<>();
        if (!sweep.axes().isEmpty()) {
            List<Combo> grid = new ArrayList<>();
            grid.add(new Combo(new LinkedHashMap<>()));
            for (SweepSpec.Axis axis : sweep.axes()) {
                List<Combo> next = new ArrayList<>();
                for (Combo partial : grid) {
                    for (SweepValue value : axis.values()) {
                        Map<String, SweepValue> assignments = new LinkedHashMap<>(partial.assignments());
                        assignments.put(axis.key(), value);
                        next.add(new Combo(assignments));
                    }
                }
                grid = next;
            }
            grid.stream().filter(c -> sweep.exclude().stream().noneMatch(e -> matches(c, e))).forEach(combos::add);
            if (combos.isEmpty() && sweep.include().isEmpty()) {
                Location where = sweep.exclude().isEmpty() ? Location.of(experiment.source())
                        : sweep.exclude().get(0).location();
                problems.add(where, "sweep.exclude", "every combination is excluded; nothing would run");
            }
        } else if (sweep.include().isEmpty()) {
            combos.add(new Combo(Map.of()));
        }
        sweep.include().forEach(entry -> combos.add(new Combo(entry.values())));
        return combos;
    }

    private static boolean matches(Combo combo, SweepSpec.Combination exclude) {
        return exclude.values().entrySet().stream().allMatch(e -> {
            SweepValue assigned = combo.assignments().get(e.getKey());
            return assigned != null && assigned.sameValue(e.getValue());
        });
    }

    private static List<String> sweptKeys(SweepSpec sweep) {
        List<String> keys = new ArrayList<>();
        sweep.axes().forEach(a -> keys.add(a.key()));
        sweep.include().forEach(c -> c.values().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add));
        return keys;
    }

    /** Swept key → how its value reads in the run name; keys an include entry leaves alone show the file's value. */
    private static Map<String, String> swept(List<String> keys, Combo combo, TrialConfig config) {
        Map<String, String> flat = ConfigJson.flatten(config);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : keys) {
            SweepValue assigned = combo.assignments().get(key);
            String value = assigned != null ? assigned.label() : flat.getOrDefault(key, "default");
            labels.put(key, bareValue(key) ? value : shortKey(key) + "=" + value);
        }
        return labels;
    }

    // Plugin and dataset names say what they are; numbers need their key to be readable.
    private static boolean bareValue(String key) {
        return ExperimentSchema.familyOf(key).isPresent() || key.equals("dataset.name");
    }

    private static String shortKey(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
