package org.flowlab.tracking.mlflow;

import org.flowlab.engine.train.MetricPoint;

/**
 * What makes two metric points of a run the same point: the metric's key and the step. Not the timestamp (a
 * re-run of the same step at another time is the same point with, perhaps, another value) and not the value
 * (two values at one step are a conflict, not two points). A run holds at most one point per identity; see
 * {@link MetricComparison}.
 */
public record MetricIdentity(String key, long step) {

    public static MetricIdentity of(MetricPoint point) {
        return new MetricIdentity(Limits.key(point.name()), point.step());
    }

    /** True when the server holds {@code a} as it would hold {@code b}. */
    public static boolean sameValue(double a, double b) {
        return Double.doubleToLongBits(asStored(a)) == Double.doubleToLongBits(asStored(b));
    }

    /**
     * The value the server will hand back for {@code value}: NaN is NaN, and ±Infinity comes back as
     * ±{@link Double#MAX_VALUE}.
     */
    public static double asStored(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return Double.MAX_VALUE;
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return -Double.MAX_VALUE;
        }
        return value; // doubleToLongBits already folds every NaN into one canonical NaN
    }
}
