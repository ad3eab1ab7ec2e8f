package org.flowlab.tracking.mlflow;

import org.flowlab.engine.train.MetricPoint;

/**
 * What makes two metric points the same point: key, step, timestamp and value — MLflow's own primary key
 * for metrics. Values are compared the way the server stores them: NaN is NaN, and ±Infinity comes back
 * as ±{@link Double#MAX_VALUE}, so both sides are normalised before comparing.
 */
public record MetricIdentity(String key, long step, long timestamp, long valueBits) {

    public static MetricIdentity of(MetricPoint point) {
        return of(Limits.key(point.name()), point.step(), point.timestampMillis(), point.value());
    }

    public static MetricIdentity of(String key, long step, long timestamp, double value) {
        return new MetricIdentity(key, step, timestamp, Double.doubleToLongBits(asStored(value)));
    }

    /** The value the server will hand back for {@code value}. */
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
