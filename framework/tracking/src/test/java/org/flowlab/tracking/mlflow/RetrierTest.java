package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.junit.jupiter.api.Test;

/** The retry policy, with the exceptions the MLflow client really throws. */
class RetrierTest {

    private final List<TrackingException> retried = new ArrayList<>();
    private final Retrier retrier = new Retrier(Duration.ofMillis(1), Duration.ofMillis(8), 4, retried::add);

    @Test
    void aRejectedRequestIsFinalAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retrier.call("log-batch", Deadline.never(), () -> {
            attempts.incrementAndGet();
            throw new MlflowHttpException(400, "Bad Request", "{\"error_code\": \"INVALID_PARAMETER_VALUE\"}");
        })).isInstanceOfSatisfying(TrackingException.class, e -> {
            assertThat(e.kind()).isEqualTo(TrackingException.Kind.REJECTED);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("log-batch").contains("INVALID_PARAMETER_VALUE");
        });
        assertThat(attempts).hasValue(1);
        assertThat(retried).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retrier.call("get", Deadline.never(), () -> {
            attempts.incrementAndGet();
            throw new MlflowHttpException(503, "Service Unavailable", "");
        })).isInstanceOfSatisfying(TrackingException.class,
                e -> assertThat(e.kind()).isEqualTo(TrackingException.Kind.SERVER_ERROR));
        assertThat(attempts).hasValue(4);
    }

    @Test
    void tooManyRequestsBacksOffAndSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        String answer = retrier.call("get", Deadline.never(), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new MlflowHttpException(429, "Too Many Requests", "");
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(retried).hasSize(2);
    }

    @Test
    void anUnreachableServerIsRetriedUntilTheDeadline() {
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> retrier.call("create run", Deadline.in(Duration.ofMillis(200)), () -> {
            attempts.incrementAndGet();
            throw new MlflowClientException(new ConnectException("Connection refused"));
        })).isInstanceOfSatisfying(TrackingException.class, e -> {
            assertThat(e.kind()).isEqualTo(TrackingException.Kind.UNREACHABLE);
            assertThat(e.getMessage()).contains("server unreachable");
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(attempts.get()).as("not capped like server errors").isGreaterThan(4);
        assertThat(millis).isBetween(150L, 2_000L);
    }

    @Test
    void ioFailuresOfOurOwnHttpCallsCountAsUnreachable() {
        TrackingException e = Failures.classify("PUT", new java.io.UncheckedIOException(new IOException("reset")));
        assertThat(e.kind()).isEqualTo(TrackingException.Kind.UNREACHABLE);
        assertThat(Failures.classify("x", new IllegalStateException("bug")).kind()).isEqualTo(TrackingException.Kind.OTHER);
        assertThat(Failures.alreadyExists(new MlflowHttpException(400, "Bad Request",
                "{\"error_code\": \"RESOURCE_ALREADY_EXISTS\"}"))).isTrue();
    }

    @Test
    void patienceLimitsEachRequestOfAOneOffCommand() {
        Retrier patient = retrier.withPatience(Duration.ofMillis(100));
        long start = System.nanoTime();
        assertThatThrownBy(() -> patient.call("sync", Deadline.never(), () -> {
            throw new MlflowClientException(new ConnectException("Connection refused"));
        })).isInstanceOf(TrackingException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(80L, 2_000L);
    }

    @Test
    void deadlinesOnlyMoveEarlier() {
        Deadline deadline = Deadline.never();
        assertThat(deadline.remainingMillis()).isEqualTo(Long.MAX_VALUE);
        deadline.limitTo(Duration.ofSeconds(10));
        deadline.limitTo(Duration.ofHours(1));
        assertThat(deadline.remainingMillis()).isBetween(9_000L, 10_000L);
        deadline.limitTo(Duration.ZERO);
        assertThat(deadline.passed()).isTrue();
    }
}
