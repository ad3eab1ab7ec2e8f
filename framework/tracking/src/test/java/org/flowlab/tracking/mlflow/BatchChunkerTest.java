package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunTag;
import org.junit.jupiter.api.Test;

class BatchChunkerTest {

    @Test
    void everyBatchStaysWithinTheServerLimitsAndNothingIsLostOrReordered() {
        List<Metric> metrics = IntStream.range(0, 2500).mapToObj(i ->
                Metric.newBuilder().setKey("train/bpd").setValue(i).setStep(i).setTimestamp(i).build()).toList();
        List<Param> params = IntStream.range(0, 150).mapToObj(i ->
                Param.newBuilder().setKey("p" + i).setValue("v" + i).build()).toList();
        List<RunTag> tags = IntStream.range(0, 120).mapToObj(i ->
                RunTag.newBuilder().setKey("t" + i).setValue("w" + i).build()).toList();

        List<BatchChunker.Batch> batches = BatchChunker.chunk(metrics, params, tags);

        for (BatchChunker.Batch b : batches) {
            assertThat(b.metrics()).hasSizeLessThanOrEqualTo(Limits.METRICS_PER_BATCH);
            assertThat(b.params()).hasSizeLessThanOrEqualTo(Limits.PARAMS_PER_BATCH);
            assertThat(b.tags()).hasSizeLessThanOrEqualTo(Limits.TAGS_PER_BATCH);
            assertThat(b.size()).isLessThanOrEqualTo(Limits.ITEMS_PER_BATCH).isPositive();
        }
        assertThat(batches.stream().flatMap(b -> b.metrics().stream()).toList()).isEqualTo(metrics);
        assertThat(batches.stream().flatMap(b -> b.params().stream()).toList()).isEqualTo(params);
        assertThat(batches.stream().flatMap(b -> b.tags().stream()).toList()).isEqualTo(tags);
    }

    @Test
    void largeValuesAreSplitByBytesBeforeTheCountLimitIsReached() {
        String big = "x".repeat(Limits.PARAM_VALUE_LENGTH);
        List<Param> params = IntStream.range(0, 400).mapToObj(i ->
                Param.newBuilder().setKey("p" + i).setValue(big).build()).toList();
        List<RunTag> tags = IntStream.range(0, 400).mapToObj(i ->
                RunTag.newBuilder().setKey("t" + i).setValue("y".repeat(Limits.TAG_VALUE_LENGTH)).build()).toList();

        List<BatchChunker.Batch> batches = BatchChunker.chunk(List.of(), params, tags);

        for (BatchChunker.Batch b : batches) {
            long bytes = b.params().stream().mapToLong(p -> p.getKey().length() + p.getValue().length() + 80).sum()
                    + b.tags().stream().mapToLong(t -> t.getKey().length() + t.getValue().length() + 80).sum();
            assertThat(bytes).isLessThanOrEqualTo(Limits.BATCH_BYTES);
        }
        assertThat(batches.stream().mapToInt(BatchChunker.Batch::size).sum()).isEqualTo(800);
    }

    @Test
    void nothingToSendIsNoRequest() {
        assertThat(BatchChunker.chunk(List.of(), List.of(), List.of())).isEmpty();
    }
}
