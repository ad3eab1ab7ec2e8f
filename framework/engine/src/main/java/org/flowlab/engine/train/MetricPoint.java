package org.flowlab.engine.train;

/** One point of one curve: metric name (e.g. {@code test/bpd}), optimiser step, value, wall-clock time. */
public record MetricPoint(String name, long step, double value, long timestampMillis) {
}
