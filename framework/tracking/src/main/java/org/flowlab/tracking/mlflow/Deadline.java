package org.flowlab.tracking.mlflow;

import java.time.Duration;

/**
 * How long retries may go on. Mutable on purpose: the live tracker retries without limit while the sweep
 * runs (the server may come back), and {@link #limitTo} shortens that when the sweep is closing.
 */
public final class Deadline {

    private volatile long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    public static Deadline never() {
        return new Deadline(Long.MAX_VALUE);
    }

    public static Deadline in(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
    }

    /** Moves the end earlier (never later) to {@code duration} from now. */
    public void limitTo(Duration duration) {
        long candidate = System.nanoTime() + duration.toNanos();
        if (endNanos == Long.MAX_VALUE || candidate - endNanos < 0) {
            endNanos = candidate;
        }
    }

    public long remainingMillis() {
        if (endNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
    }

    public boolean passed() {
        return remainingMillis() == 0;
    }
}
