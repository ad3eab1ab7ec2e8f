package org.flowlab.tracking.mlflow;

/**
 * A failed MLflow request, classified once so callers decide by meaning rather than by exception type.
 *
 * @see Failures#classify
 */
public final class TrackingException extends RuntimeException {

    /** What went wrong, which decides whether trying again can help. */
    public enum Kind {
        /** Connection refused, reset, timed out: the server is down or slow; it is expected to come back. */
        UNREACHABLE,
        /** 5xx, 429, 408: the server is up but could not serve this now; retried a bounded number of times. */
        SERVER_ERROR,
        /** Any other 4xx: the request itself is wrong (bad name, write-once param changed); final. */
        REJECTED,
        /** Anything else (a bug, an unexpected answer); final. */
        OTHER
    }

    private final Kind kind;
    private final int status;

    public TrackingException(String message, Kind kind, int status, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return kind == Kind.UNREACHABLE || kind == Kind.SERVER_ERROR;
    }
}
