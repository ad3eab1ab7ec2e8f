package org.flowlab.runner.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component choice as written: a plugin name and its options, not yet checked against what the plugin
 * declares (that depends on which plugin a trial ends up with, see {@code TrialResolver}).
 *
 * @param options raw option values (YAML-typed), each with its location
 */
public record PluginDraft(String name, Location location, Map<String, Located> options) {

    public PluginDraft {
        options = new LinkedHashMap<>(options);
    }

    public static PluginDraft of(String name, Location location) {
        return new PluginDraft(name, location, Map.of());
    }

    public PluginDraft withOption(String option, Located value) {
        Map<String, Located> copy = new LinkedHashMap<>(options);
        copy.put(option, value);
        return new PluginDraft(name, location, copy);
    }

    /** Name and option values, ignoring where they were written: what matters for equality of choices. */
    public Map<String, Object> optionValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        options.forEach((k, v) -> values.put(k, v.value()));
        return values;
    }

    /** {@code affine} or {@code affine(scale=exp)}: how the choice reads in a run name. */
    public String label() {
        return options.isEmpty() ? name : name + "(" + Values.format(optionValues()) + ")";
    }

    public boolean sameChoice(PluginDraft other) {
        return name.equals(other.name) && optionValues().equals(other.optionValues());
    }
}
