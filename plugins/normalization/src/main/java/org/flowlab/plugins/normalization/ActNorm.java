package org.flowlab.plugins.normalization;

import org.flowlab.api.layer.DataDependentInit;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.nn.FastOps;
import org.flowlab.api.plugin.Normalization;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Glow's activation normalisation: y = (x + b) · exp(logs) per channel, with b and logs set from the
 * first batch so that y has zero mean and unit variance per channel; log|det| = H·W·Σ logs.
 */
public final class ActNorm implements Normalization {

    /** Keeps the scale finite for channels that are constant in the first batch (MNIST borders). */
    private static final double STD_FLOOR = 1e-6;

    @Override
    public String name() {
        return "actnorm";
    }

    @Override
    public String description() {
        return "Glow ActNorm: per-channel affine, data-dependent init on the first batch";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return new Layer(ctx);
    }

    static final class Layer implements FlowLayer, DataDependentInit {

        private final LayerContext ctx;
        private final SDVariable bias;
        private final SDVariable logScale;
        private final SDVariable initialized;
        private final double pixels;

        Layer(LayerContext ctx) {
            this.ctx = ctx;
            int channels = ctx.inputShape().channels();
            this.bias = ctx.parameter("bias", Nd4j.zeros(1, channels, 1, 1));
            this.logScale = ctx.parameter("logs", Nd4j.zeros(1, channels, 1, 1));
            // Saved with the weights: a restored model must not be re-initialised from a new batch.
            this.initialized = ctx.state("initialized", Nd4j.zeros(1));
            this.pixels = ctx.inputShape().pixels();
        }

        @Override
        public Flowed forward(SDVariable x) {
            SDVariable y = FastOps.multiply(x.add(bias), ctx.graph().math().exp(logScale));
            return new Flowed(y, logScale.sum().mul(pixels));
        }

        @Override
        public Flowed inverse(SDVariable y) {
            SDVariable x = FastOps.multiply(y, ctx.graph().math().exp(logScale.neg())).sub(bias);
            return new Flowed(x, logScale.sum().mul(-pixels));
        }

        @Override
        public boolean isInitialized() {
            return ctx.valueOf(initialized).getDouble(0) > 0.5;
        }

        @Override
        public void initializeFrom(INDArray input) {
            INDArray x = input.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            long channels = x.size(1);
            INDArray mean = x.mean(0, 2, 3).reshape(1, channels, 1, 1);
            INDArray centered = x.sub(mean);
            INDArray std = Transforms.sqrt(centered.mul(centered).mean(0, 2, 3)).reshape(1, channels, 1, 1);
            ctx.valueOf(bias).assign(mean.neg());
            ctx.valueOf(logScale).assign(Transforms.log(std.add(STD_FLOOR)).neg());
            ctx.valueOf(initialized).assign(1.0);
        }
    }
}
