package org.flowlab.tracking.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import org.flowlab.tracking.mlflow.TrackingException.Kind;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/** Maps what the MLflow client and {@link java.net.http.HttpClient} throw onto {@link TrackingException.Kind}. */
public final class Failures {

    private Failures() {
    }

    public static TrackingException classify(String what, Throwable e) {
        if (e instanceof TrackingException t) {
            return t;
        }
        if (e instanceof MlflowHttpException http) {
            int status = http.getStatusCode();
            return new TrackingException(what + ": HTTP " + status + " " + shorten(http.getBodyMessage()),
                    kindOfStatus(status), status, e);
        }
        Throwable io = rootIo(e);
        if (io != null) {
            String detail = io instanceof HttpTimeoutException || io.getClass().getSimpleName().contains("Timeout")
                    ? "timed out" : io.toString();
            return new TrackingException(what + ": server unreachable (" + detail + ")", Kind.UNREACHABLE, 0, e);
        }
        return new TrackingException(what + ": " + e, Kind.OTHER, 0, e);
    }

    public static Kind kindOfStatus(int status) {
        if (status == 429 || status == 408 || status >= 500) {
            return Kind.SERVER_ERROR;
        }
        return Kind.REJECTED;
    }

    /** True when the server answered RESOURCE_ALREADY_EXISTS (e.g. a parallel worker created it first). */
    public static boolean alreadyExists(Throwable e) {
        return e instanceof MlflowHttpException http && http.getBodyMessage() != null
                && http.getBodyMessage().contains("RESOURCE_ALREADY_EXISTS");
    }

    private static Throwable rootIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && !(t instanceof UncheckedIOException)) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // The MLflow client wraps IOExceptions in MlflowClientException(cause).
        return e instanceof MlflowClientException && e.getCause() instanceof IOException ? e.getCause() : null;
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
