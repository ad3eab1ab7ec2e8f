package org.flowlab.runner.spec;

/**
 * One value of a swept key (or of an include entry): typed for framework fields, a {@link PluginDraft} for
 * {@code model.<family>}, the raw YAML value for a plugin option.
 *
 * @param explicitOptions for a plugin given as a map: true even when the map has no options, so that
 *                        {@code {name: affine}} resets the options while bare {@code affine} keeps them
 */
public record SweepValue(Object value, Location location, boolean explicitOptions) {

    /** How the value reads in a run name: {@code affine}, {@code affine(scale=exp)}, {@code 0.0005}. */
    public String label() {
        return value instanceof PluginDraft plugin ? plugin.label() : Values.format(value);
    }

    public boolean sameValue(SweepValue other) {
        if (value instanceof PluginDraft a && other.value instanceof PluginDraft b) {
            return a.sameChoice(b);
        }
        return java.util.Objects.equals(value, other.value);
    }
}
