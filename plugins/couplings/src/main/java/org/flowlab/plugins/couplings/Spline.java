package org.flowlab.plugins.couplings;

import java.util.List;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.Coupling;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Rational-quadratic spline coupling (Neural Spline Flows, Durkan et al. 2019): each element of the
 * transformed half goes through its own monotone spline of K bins on [−B, B], identity outside (linear
 * tails), whose widths, heights and interior derivatives (3K−1 values) the coupling network computes from the
 * conditioning half.
 *
 * <p>The network's last convolution starts at zero, as in the other couplings; the derivatives are offset so
 * that all-zero parameters give uniform bins with slope 1, i.e. the identity, so a deep spline flow starts as
 * one too (nflows' raw parameterisation would start at slope 0.69 at the interior knots).
 */
public final class Spline implements Coupling {

    @Override
    public String name() {
        return "spline";
    }

    @Override
    public String description() {
        return "rational-quadratic spline coupling (Neural Spline Flows): monotone spline on [-tailBound, tailBound], "
                + "identity outside";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(Additive.HIDDEN,
                OptionSpec.integer("bins", 8, 2, 128, "number of spline bins K (the network outputs 3K-1 values per channel)"),
                OptionSpec.real("tailBound", 3.0, 0.01, 1000.0,
                        "the spline acts on [-tailBound, tailBound]; linear (identity) tails outside"));
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return new Layer(ctx);
    }

    static final class Layer extends CouplingLayer {

        private final CouplingNetwork network;
        private final RationalQuadraticSpline spline;
        private final int bins;
        private final int height;
        private final int width;

        Layer(LayerContext ctx) {
            super(ctx);
            this.bins = ctx.options().getInt("bins");
            this.network = new CouplingNetwork(ctx, conditioning, hidden(ctx), transformed * (3 * bins - 1));
            this.spline = new RationalQuadraticSpline(ctx.graph(), bins, ctx.options().getDouble("tailBound"));
            this.height = ctx.inputShape().height();
            this.width = ctx.inputShape().width();
        }

        /**
         * Per element of the transformed half, in channels-last order (n, h, w, t): [M, K | K | K−1]. The network's
         * channels-last output already is that matrix, so the reshape is free.
         */
        private RationalQuadraticSpline.Parameters parameters(SDVariable a) {
            SDVariable h = network.applyChannelsLast(a).reshape(-1, 3 * bins - 1);
            return new RationalQuadraticSpline.Parameters(
                    bins(h, 0, bins), bins(h, bins, 2 * bins),
                    bins(h, 2 * bins, 3 * bins - 1).add(RationalQuadraticSpline.IDENTITY_DERIVATIVE));
        }

        /** The left bin edges of the forward spline of every transformed element, [N·H·W·T, K] (for tests). */
        SDVariable binEdges(SDVariable conditioningHalf) {
            return spline.leftKnots(parameters(conditioningHalf).widths(), RationalQuadraticSpline.MIN_BIN_WIDTH);
        }

        private static SDVariable bins(SDVariable h, int from, int to) {
            return h.get(SDIndex.all(), SDIndex.interval(from, to));
        }

        @Override
        protected Flowed transform(SDVariable a, SDVariable b) {
            return flowed(spline.forward(elements(b), parameters(a)));
        }

        @Override
        protected Flowed untransform(SDVariable a, SDVariable b) {
            return flowed(spline.inverse(elements(b), parameters(a)));
        }

        /** [N, T, H, W] → [M] in the parameters' (n, h, w, t) order. */
        private static SDVariable elements(SDVariable half) {
            return half.permute(0, 2, 3, 1).reshape(-1);
        }

        private Flowed flowed(RationalQuadraticSpline.Result r) {
            SDVariable value = r.value().reshape(-1, height, width, transformed).permute(0, 3, 1, 2);
            return new Flowed(value, r.logDet().reshape(-1, (long) height * width * transformed).sum(1));
        }
    }
}
