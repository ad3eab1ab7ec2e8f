package org.flowlab.runner.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sweep} section, validated: the grid axes in file order, the seeds, and the include/exclude
 * entries.
 *
 * @param seeds empty when the section gives none (the single {@code train.seed} is used)
 */
public record SweepSpec(List<Axis> axes, List<Located> seeds, List<Combination> include, List<Combination> exclude) {

    public static final SweepSpec NONE = new SweepSpec(List.of(), List.of(), List.of(), List.of());

    public SweepSpec {
        axes = List.copyOf(axes);
        seeds = List.copyOf(seeds);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** One swept key and its values, in the order given. */
    public record Axis(String key, List<SweepValue> values, Location location) {
        public Axis {
            values = List.copyOf(values);
        }
    }

    /** An include or exclude entry: a partial assignment of key paths to single values. */
    public record Combination(Map<String, SweepValue> values, Location location) {
        public Combination {
            values = new LinkedHashMap<>(values);
        }
    }

    public boolean isEmpty() {
        return axes.isEmpty() && seeds.isEmpty() && include.isEmpty();
    }
}
