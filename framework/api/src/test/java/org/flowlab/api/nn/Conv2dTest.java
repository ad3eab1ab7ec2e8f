package org.flowlab.api.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.nn.Conv2d.Layout;
import org.flowlab.api.options.ResolvedOptions;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The layout is a speed choice only: channels-last must compute the channels-first convolution exactly. */
class Conv2dTest {

    private static final long[] NCHW = {2, 3, 5, 5};

    @Test
    void channelsLastIsChannelsFirstTransposedInValueAndGradients() {
        for (int kernel : new int[]{1, 3}) {
            Map<String, INDArray> first = run(Layout.CHANNELS_FIRST, kernel);
            Map<String, INDArray> last = run(Layout.CHANNELS_LAST, kernel);
            for (String name : first.keySet()) {
                assertThat(last.get(name).shape()).as(name).containsExactly(first.get(name).shape());
                double maxDiff = last.get(name).sub(first.get(name)).amaxNumber().doubleValue();
                assertThat(maxDiff).as("kernel %d: max |difference| of %s", kernel, name).isLessThan(1e-5);
            }
        }
    }

    @Test
    void weightsHaveTheSameShapeInBothLayoutsSoCheckpointsDoNotDependOnIt() {
        for (Layout layout : Layout.values()) {
            StubContext ctx = new StubContext();
            Conv2d.random(ctx, "c", 3, 4, 3, layout);
            assertThat(ctx.parameters).extracting(p -> p.getShape()).as(layout.name())
                    .containsExactly(new long[]{3, 3, 3, 4}, new long[]{4});
        }
    }

    /** y = conv(x) in NCHW whatever the layout, loss = Σ r·y; returns y and the gradients of x and W. */
    private static Map<String, INDArray> run(Layout layout, int kernel) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, NCHW);
        INDArray r = Nd4j.randn(DataType.FLOAT, 2, 4, 5, 5);
        StubContext ctx = new StubContext();
        SDVariable xv = ctx.graph().var("x", x);
        Conv2d conv = Conv2d.random(ctx, "c", 3, 4, kernel, layout);
        SDVariable y = layout == Layout.CHANNELS_FIRST
                ? conv.apply(xv)
                : conv.apply(xv.permute(0, 2, 3, 1)).permute(0, 3, 1, 2);
        y = y.rename("y");
        ctx.graph().setLossVariables(y.mul(ctx.graph().constant(r)).sum().name());
        var pass = ctx.graph().calculateGradientsAndOutputs(Map.of(), List.of("y"), List.of("x", "c/W"));
        return Map.of("y", pass.getOutputs().get("y"), "dx", pass.getGradients().get("x"),
                "dW", pass.getGradients().get("c/W"));
    }

    /** Just enough of a layer context to create parameters; the same seed gives the same weights. */
    private static final class StubContext implements LayerContext {
        private final SameDiff sd = SameDiff.create();
        private final Random random = new Random(5);
        private final List<SDVariable> parameters = new ArrayList<>();

        @Override
        public SameDiff graph() {
            return sd;
        }

        @Override
        public DataType dataType() {
            return DataType.FLOAT;
        }

        @Override
        public TensorShape inputShape() {
            return new TensorShape((int) NCHW[1], (int) NCHW[2], (int) NCHW[3]);
        }

        @Override
        public ResolvedOptions options() {
            throw new UnsupportedOperationException("Conv2d does not use it");
        }

        @Override
        public int modelHidden() {
            return 4;
        }

        @Override
        public Random random() {
            return random;
        }

        @Override
        public SDVariable parameter(String name, INDArray initialValue) {
            SDVariable p = sd.var(name, initialValue.castTo(DataType.FLOAT));
            parameters.add(p);
            return p;
        }

        @Override
        public SDVariable state(String name, INDArray initialValue) {
            throw new UnsupportedOperationException("Conv2d does not use it");
        }

        @Override
        public SDVariable derived(String name, long[] shape, Supplier<INDArray> compute) {
            throw new UnsupportedOperationException("Conv2d does not use it");
        }

        @Override
        public SDVariable trainingFlag() {
            throw new UnsupportedOperationException("Conv2d does not use it");
        }

        @Override
        public INDArray valueOf(SDVariable variable) {
            return variable.getArr();
        }

        @Override
        public String scoped(String name) {
            return name;
        }
    }
}
