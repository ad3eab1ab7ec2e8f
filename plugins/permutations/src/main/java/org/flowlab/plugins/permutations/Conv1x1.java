package org.flowlab.plugins.permutations;

import org.apache.commons.math3.linear.RealMatrix;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.Permutation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Glow's invertible 1×1 convolution with a full weight matrix W, initialised random orthogonal.
 *
 * <p>SameDiff has no gradient for determinants, and log|det W| should be computed in double anyway.
 * So the JVM computes, in double, G = W⁻ᵀ and c = log|det W| − Σ G⊙W before each execution, and the
 * graph evaluates Σ G⊙W + c: its value is log|det W| and its gradient is W⁻ᵀ, the true gradient.
 */
public final class Conv1x1 implements Permutation {

    @Override
    public String name() {
        return "conv1x1";
    }

    @Override
    public String description() {
        return "invertible 1x1 convolution, full W (orthogonal init, log|det W| in double precision)";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return new Layer(ctx);
    }

    static final class Layer implements FlowLayer {

        private final SDVariable weight;
        private final SDVariable inverseTranspose;
        private final SDVariable offset;
        private final LinearChannelMix mix;
        private final double pixels;

        Layer(LayerContext ctx) {
            int channels = ctx.inputShape().channels();
            RealMatrix init = Matrices.randomOrthogonal(channels, ctx.random());
            this.weight = ctx.parameter("W", Matrices.toArray(init));
            this.inverseTranspose = LinearChannelMix.inverseTransposeOf(ctx, () -> current(ctx));
            this.offset = ctx.derived("logdet_offset", new long[]{1}, () -> {
                RealMatrix w = current(ctx);
                RealMatrix g = Matrices.inverse(w).transpose();
                double inner = 0;
                for (int i = 0; i < channels; i++) {
                    inner += dot(g.getRow(i), w.getRow(i));
                }
                return Nd4j.create(new double[]{Matrices.logAbsDet(w) - inner}, new long[]{1});
            });
            this.mix = new LinearChannelMix(channels, inverseTranspose);
            this.pixels = ctx.inputShape().pixels();
        }

        private RealMatrix current(LayerContext ctx) {
            return Matrices.toMatrix(ctx.valueOf(weight));
        }

        private static double dot(double[] a, double[] b) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += a[i] * b[i];
            }
            return sum;
        }

        private SDVariable logAbsDet() {
            return inverseTranspose.mul(weight).sum().add(offset).mul(pixels);
        }

        @Override
        public Flowed forward(SDVariable x) {
            return new Flowed(mix.mix(x, weight), logAbsDet());
        }

        @Override
        public Flowed inverse(SDVariable y) {
            return new Flowed(mix.inverse(y), logAbsDet().neg());
        }
    }
}
