package org.flowlab.tracking.mlflow;

import java.util.regex.Pattern;

/**
 * MLflow's per-request and per-value limits (server-enforced; the Java client does not split or check) and
 * the name rules, applied before anything is sent so the server never rejects a whole batch for one item.
 */
public final class Limits {

    public static final int METRICS_PER_BATCH = 1000;
    public static final int PARAMS_PER_BATCH = 100;
    public static final int TAGS_PER_BATCH = 100;
    public static final int ITEMS_PER_BATCH = 1000;
    /** The server allows about 1 MB per request; keep a margin for JSON framing we do not count exactly. */
    public static final int BATCH_BYTES = 900_000;
    public static final int KEY_LENGTH = 250;
    public static final int PARAM_VALUE_LENGTH = 6000;
    public static final int TAG_VALUE_LENGTH = 8000;

    /** MLflow accepts keys matching {@code ^[/\w.\- :]*$}; anything else would fail the batch with a 400. */
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^/A-Za-z0-9_.\\- :]");
    private static final String TRUNCATED = "…[truncated]";

    private Limits() {
    }

    public static String key(String key) {
        String safe = NOT_ALLOWED.matcher(key).replaceAll("_");
        return safe.length() <= KEY_LENGTH ? safe : safe.substring(0, KEY_LENGTH);
    }

    public static String paramValue(String value) {
        return truncate(value, PARAM_VALUE_LENGTH);
    }

    public static String tagValue(String value) {
        return truncate(value, TAG_VALUE_LENGTH);
    }

    /** Deterministic, so a re-sent param is byte-identical to the first one (params are write-once). */
    static String truncate(String value, int max) {
        String v = value == null ? "" : value;
        if (v.length() <= max) {
            return v;
        }
        return v.substring(0, max - TRUNCATED.length()) + TRUNCATED;
    }
}
