package org.flowlab.tracking.mlflow;

import java.time.Duration;

/**
 * Time limits and sizes of the MLflow mirror. The defaults suit a live sweep: requests that cannot hang,
 * back-off that reaches a patient 15 s between attempts while the server is down, and a queue deep enough
 * that training never waits for the network. System properties {@code flowlab.tracking.*} override them.
 *
 * @param connectTimeout       TCP connect limit of one request
 * @param requestTimeout       limit of one request/response (artifact uploads get more for large files)
 * @param initialBackoff       first wait after a retryable failure; doubled after each further failure
 * @param maxBackoff           the longest wait between two attempts
 * @param serverErrorAttempts  attempts at one request that keeps answering 5xx/429 (an unreachable server is
 *                             retried until the deadline instead: it is expected to come back)
 * @param queueCapacity        events buffered for the delivery thread; when full, new events are left to
 *                             the end-of-sweep sync (the local store has them) instead of blocking training
 * @param drainTimeout         how long {@code close()} waits for buffered events and the catch-up sync
 */
public record TrackingSettings(Duration connectTimeout, Duration requestTimeout, Duration initialBackoff,
                               Duration maxBackoff, int serverErrorAttempts, int queueCapacity,
                               Duration drainTimeout) {

    public static final TrackingSettings DEFAULTS = new TrackingSettings(Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(15), 6, 20_000,
            Duration.ofSeconds(60));

    /** The defaults, with any of {@code flowlab.tracking.connectTimeoutMs}, {@code requestTimeoutMs},
     * {@code initialBackoffMs}, {@code maxBackoffMs}, {@code serverErrorAttempts}, {@code queueCapacity},
     * {@code drainTimeoutMs} given as system properties. */
    public static TrackingSettings fromSystemProperties() {
        TrackingSettings d = DEFAULTS;
        return new TrackingSettings(
                millis("connectTimeoutMs", d.connectTimeout), millis("requestTimeoutMs", d.requestTimeout),
                millis("initialBackoffMs", d.initialBackoff), millis("maxBackoffMs", d.maxBackoff),
                Integer.getInteger("flowlab.tracking.serverErrorAttempts", d.serverErrorAttempts),
                Integer.getInteger("flowlab.tracking.queueCapacity", d.queueCapacity),
                millis("drainTimeoutMs", d.drainTimeout));
    }

    public TrackingSettings withDrainTimeout(Duration drain) {
        return new TrackingSettings(connectTimeout, requestTimeout, initialBackoff, maxBackoff, serverErrorAttempts,
                queueCapacity, drain);
    }

    public TrackingSettings withBackoff(Duration initial, Duration max) {
        return new TrackingSettings(connectTimeout, requestTimeout, initial, max, serverErrorAttempts,
                queueCapacity, drainTimeout);
    }

    public TrackingSettings withQueueCapacity(int capacity) {
        return new TrackingSettings(connectTimeout, requestTimeout, initialBackoff, maxBackoff, serverErrorAttempts,
                capacity, drainTimeout);
    }

    private static Duration millis(String name, Duration fallback) {
        Long value = Long.getLong("flowlab.tracking." + name);
        return value == null ? fallback : Duration.ofMillis(value);
    }
}
