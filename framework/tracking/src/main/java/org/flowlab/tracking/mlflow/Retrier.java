package org.flowlab.tracking.mlflow;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our retry policy around single MLflow requests (the client's own is switched off, see
 * {@link MlflowClients}): exponential back-off; an unreachable server is retried until the deadline, a
 * server error a bounded number of times, and a rejected request (4xx) never.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int serverErrorAttempts;
    private final Consumer<TrackingException> onRetry;
    private final Duration patience;

    public Retrier(TrackingSettings settings) {
        this(settings, failure -> { });
    }

    /** @param onRetry told of each failure that will be retried (e.g. to say once that the server is down) */
    public Retrier(TrackingSettings settings, Consumer<TrackingException> onRetry) {
        this(settings.initialBackoff(), settings.maxBackoff(), settings.serverErrorAttempts(), onRetry);
    }

    public Retrier(Duration initialBackoff, Duration maxBackoff, int serverErrorAttempts,
                   Consumer<TrackingException> onRetry) {
        this(initialBackoff, maxBackoff, serverErrorAttempts, onRetry, null);
    }

    private Retrier(Duration initialBackoff, Duration maxBackoff, int serverErrorAttempts,
                    Consumer<TrackingException> onRetry, Duration patience) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.serverErrorAttempts = Math.max(1, serverErrorAttempts);
        this.onRetry = onRetry;
        this.patience = patience;
    }

    /**
     * The same policy, but each request also gives up {@code patience} after its first attempt: for a
     * one-off command (sync), where a server that went away should end the command, not hang it.
     */
    public Retrier withPatience(Duration patience) {
        return new Retrier(initialBackoff, maxBackoff, serverErrorAttempts, onRetry, patience);
    }

    /**
     * @param what     names the request in messages, e.g. {@code "log-batch to run 1a2b"}
     * @param request  one attempt
     * @throws TrackingException the last failure, once retrying can no longer help or time is up
     */
    public <T> T call(String what, Deadline deadline, Supplier<T> request) {
        long backoff = Math.max(1, initialBackoff.toMillis());
        int serverErrors = 0;
        long giveUp = patience == null ? Long.MAX_VALUE : System.nanoTime() + patience.toNanos();
        while (true) {
            TrackingException failure;
            try {
                return request.get();
            } catch (RuntimeException e) {
                failure = Failures.classify(what, e);
            }
            if (!failure.retryable()) {
                throw failure;
            }
            if (failure.kind() == TrackingException.Kind.SERVER_ERROR && ++serverErrors >= serverErrorAttempts) {
                throw failure;
            }
            long patienceLeft = giveUp == Long.MAX_VALUE ? Long.MAX_VALUE
                    : Math.max(0, (giveUp - System.nanoTime()) / 1_000_000);
            long wait = Math.min(backoff, Math.min(deadline.remainingMillis(), patienceLeft));
            if (wait <= 0 || Thread.currentThread().isInterrupted()) {
                throw failure;
            }
            LOG.debug("{}; retrying in {} ms", failure.getMessage(), wait);
            onRetry.accept(failure);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
            backoff = Math.min(backoff * 2, Math.max(1, maxBackoff.toMillis()));
        }
    }

    public void run(String what, Deadline deadline, Runnable request) {
        call(what, deadline, () -> {
            request.run();
            return null;
        });
    }
}
