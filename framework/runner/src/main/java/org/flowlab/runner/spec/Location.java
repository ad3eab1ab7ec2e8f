package org.flowlab.runner.spec;

/**
 * Where a value came from, for messages: a line of an experiment file, a {@code --set} argument, or a default.
 *
 * @param line 1-based; 0 when the source has no lines
 */
public record Location(String source, int line) {

    public static final Location DEFAULT = new Location("default", 0);

    public static Location of(String source) {
        return new Location(source, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line : source;
    }
}
