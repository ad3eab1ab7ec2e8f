package org.flowlab.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The compiled plan shares buffers between values that are never alive together, calls listeners for every op
 * in order, and refuses schedules it cannot run ({@link PlannedFunctionTest}: it computes what SameDiff does).
 */
class ExecutionPlanTest {

    static final List<String> PARAMETERS = List.of("w", "b", "scale", "bias");

    /**
     * Every kind of op the plan handles: native custom ops (conv2d, broadcast multiply, matmul), legacy
     * transform (tanh, exp), legacy scalar (x * 2), legacy reduction (sum over axes) and an identity.
     */
    static SameDiff graph() {
        Random random = new Random(11);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2, 6, 6);
        SDVariable w = sd.var("w", gaussian(random, 0.3, 3, 3, 2, 4));
        SDVariable b = sd.var("b", gaussian(random, 1, 4));
        SDVariable scale = sd.var("scale", gaussian(random, 0.5, 1, 4, 1, 1));
        SDVariable bias = sd.var("bias", gaussian(random, 0.5, 4, 4));
        Conv2DConfig same = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).paddingMode(PaddingMode.SAME)
                .dataFormat(Conv2DConfig.NCHW).build();
        SDVariable h = sd.math().tanh(sd.cnn().conv2d(x, w, b, same)).mul(2.0);
        SDVariable scaled = sd.identity(h).mul(sd.math().exp(scale));
        SDVariable pooled = scaled.sum(2, 3).mmul(bias);
        SDVariable perSample = pooled.mul(pooled).sum(1).rename("per_sample");
        sd.setLossVariables(perSample.mean().rename("loss").name());
        return sd;
    }

    static Map<String, INDArray> batch(int seed, int size) {
        return Map.of("x", gaussian(new Random(seed), 1, size, 2, 6, 6));
    }

    static INDArray gaussian(Random random, double std, long... shape) {
        float[] values = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return Nd4j.create(values, shape, 'c');
    }

    @Test
    void listenersSeeEveryOpOfThePlanInOrder() throws Exception {
        SameDiff sd = graph();
        ExecutionPlan.Recording recording = ExecutionPlan.record(sd, batch(1, 5), "loss");
        ExecutionPlan plan = ExecutionPlan.compile(sd, recording, batch(1, 5));
        List<String> seen = new ArrayList<>();
        sd.setListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff s, At at, MultiDataSet b, SameDiffOp op, OpContext c, INDArray[] out) {
                seen.add(op.getName());
            }
        });

        Map<String, INDArray> outputs = plan.run(batch(1, 5));

        // Identities cost nothing in the plan (their output is their input's buffer), so they are not ops there.
        List<String> recorded = recording.ops().stream().filter(r -> !(r.op().getOp() instanceof Identity))
                .map(r -> r.op().getName()).toList();
        assertThat(seen).hasSize(plan.opCount()).containsExactlyElementsOf(recorded);
        assertThat(outputs.get("loss")).isEqualTo(recording.outputs().get("loss"));
    }

    @Test
    void valuesThatAreNeverAliveTogetherShareABuffer() throws Exception {
        SameDiff sd = SameDiff.create();
        SDVariable value = sd.placeHolder("x", DataType.FLOAT, 32, 32);
        for (int i = 0; i < 8; i++) {
            value = sd.math().tanh(value);
        }
        String last = value.name();
        Map<String, INDArray> feed = Map.of("x", gaussian(new Random(5), 1, 32, 32));

        ExecutionPlan.Recording recording = ExecutionPlan.record(sd, feed, last);
        ExecutionPlan plan = ExecutionPlan.compile(sd, recording, feed);

        // The placeholder's copy, and two buffers the chain alternates between (the last one is the output).
        assertThat(plan.opCount()).isEqualTo(8);
        assertThat(plan.bufferBytes()).isEqualTo(3 * 32 * 32 * 4);
        INDArray expected = feed.get("x");
        for (int i = 0; i < 8; i++) {
            expected = Nd4j.math().tanh(expected.dup());
        }
        assertThat(plan.run(feed).get(last)).isEqualTo(expected);
    }

    @Test
    void aReshapeIsAViewOfItsInputsBufferAndKeepsItAlive() throws Exception {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 6);
        SDVariable a = sd.math().tanh(x);
        SDVariable flat = sd.math().exp(sd.reshape(a, 2, 12)).rename("flat");
        // The reshape's input is read again after the view's reader: its buffer must not be reused before that.
        SDVariable later = sd.math().cos(flat).sum().add(a.mul(3.0).sum()).rename("later");
        Map<String, INDArray> feed = Map.of("x", gaussian(new Random(7), 1, 4, 6));
        Map<String, INDArray> expected = sd.output(feed, "flat", "later");

        ExecutionPlan.Recording recording = ExecutionPlan.record(sd, feed, "flat", "later");
        ExecutionPlan plan = ExecutionPlan.compile(sd, recording, feed);

        assertThat(recording.ops()).extracting(r -> r.op().getOp().opName()).contains("reshape");
        assertThat(plan.opCount()).as("every recorded op but the reshape").isEqualTo(recording.ops().size() - 1);
        Map<String, INDArray> outputs = plan.run(feed);
        assertThat(outputs.get("flat")).isEqualTo(expected.get("flat"));
        assertThat(outputs.get("later")).isEqualTo(expected.get("later"));
    }

    @Test
    void aScheduleThatReadsAValueNoOpWroteIsRefused() {
        SameDiff sd = graph();
        ExecutionPlan.Recording recording = ExecutionPlan.record(sd, batch(1, 5), "loss");
        ExecutionPlan.Recording truncated = new ExecutionPlan.Recording(recording.outputs(),
                recording.ops().subList(1, recording.ops().size()));

        assertThatThrownBy(() -> ExecutionPlan.compile(sd, truncated, batch(1, 5)))
                .isInstanceOf(ExecutionPlan.Unsupported.class)
                .hasMessageContaining("which no earlier op wrote");
    }

    @Test
    void theRecordingRunKeepsTheFunctionsOwnListeners() {
        SameDiff sd = graph();
        AtomicInteger calls = new AtomicInteger();
        BaseListener counting = new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff s, At at, MultiDataSet b, SameDiffOp op, OpContext c, INDArray[] out) {
                calls.incrementAndGet();
            }
        };
        sd.setListeners(counting);

        ExecutionPlan.Recording recording = ExecutionPlan.record(sd, batch(1, 5), "loss");

        assertThat(calls.get()).isEqualTo(recording.ops().size());
        assertThat(sd.getListeners()).containsExactly(counting);
    }
}
