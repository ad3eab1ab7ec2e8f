package org.flowlab.runner.run;

/** {@code 45s}, {@code 3m05s}, {@code 1h02m}: compact durations for progress lines and tables. */
public final class Durations {

    private Durations() {
    }

    public static String format(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return seconds < 10 ? String.format("%.1fs", seconds) : s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
