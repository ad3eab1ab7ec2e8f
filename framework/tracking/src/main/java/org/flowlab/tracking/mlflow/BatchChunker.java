package org.flowlab.tracking.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunTag;

/**
 * Splits params, tags and metrics into {@code log-batch} requests that each stay within
 * {@link Limits}: at most 100 params, 100 tags, 1000 metrics, 1000 items and about 1 MB.
 */
public final class BatchChunker {

    /** One request's worth. */
    public record Batch(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        public int size() {
            return metrics.size() + params.size() + tags.size();
        }
    }

    /** JSON framing per item, e.g. {@code {"key":"","value":"","timestamp":…,"step":…},}. */
    private static final int ITEM_OVERHEAD = 80;

    private BatchChunker() {
    }

    public static List<Batch> chunk(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        List<Batch> batches = new ArrayList<>();
        Builder current = new Builder();
        for (Param p : params) {
            int bytes = bytes(p.getKey()) + bytes(p.getValue()) + ITEM_OVERHEAD;
            if (!current.fits(bytes) || current.params.size() >= Limits.PARAMS_PER_BATCH) {
                current = flush(current, batches);
            }
            current.params.add(p);
            current.bytes += bytes;
        }
        for (RunTag t : tags) {
            int bytes = bytes(t.getKey()) + bytes(t.getValue()) + ITEM_OVERHEAD;
            if (!current.fits(bytes) || current.tags.size() >= Limits.TAGS_PER_BATCH) {
                current = flush(current, batches);
            }
            current.tags.add(t);
            current.bytes += bytes;
        }
        for (Metric m : metrics) {
            int bytes = bytes(m.getKey()) + 30 + ITEM_OVERHEAD;
            if (!current.fits(bytes) || current.metrics.size() >= Limits.METRICS_PER_BATCH) {
                current = flush(current, batches);
            }
            current.metrics.add(m);
            current.bytes += bytes;
        }
        flush(current, batches);
        return batches;
    }

    private static Builder flush(Builder builder, List<Batch> batches) {
        if (builder.count() > 0) {
            batches.add(new Batch(List.copyOf(builder.metrics), List.copyOf(builder.params), List.copyOf(builder.tags)));
        }
        return new Builder();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static final class Builder {
        final List<Metric> metrics = new ArrayList<>();
        final List<Param> params = new ArrayList<>();
        final List<RunTag> tags = new ArrayList<>();
        int bytes = 200;

        int count() {
            return metrics.size() + params.size() + tags.size();
        }

        boolean fits(int more) {
            return count() < Limits.ITEMS_PER_BATCH && (count() == 0 || bytes + more <= Limits.BATCH_BYTES);
        }
    }
}
