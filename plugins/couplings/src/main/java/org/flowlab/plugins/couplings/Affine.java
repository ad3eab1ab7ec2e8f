package org.flowlab.plugins.couplings;

import java.util.List;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.nn.Channels;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.Coupling;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Affine coupling: (shift, raw) = NN(x_a), y_b = (x_b + shift) · scale, log|det| = Σ log scale.
 * Glow bounds the scale as sigmoid(raw + 2), which starts near 0.88 and can never blow up; RealNVP's
 * exp(tanh(raw)) is available as {@code scale: exp} for the ablation.
 */
public final class Affine implements Coupling {

    @Override
    public String name() {
        return "affine";
    }

    @Override
    public String description() {
        return "affine coupling (RealNVP/Glow): y_b = (x_b + shift) * scale";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(Additive.HIDDEN,
                OptionSpec.choice("scale", "sigmoid", List.of("sigmoid", "exp"),
                        "scale function: Glow's sigmoid(raw + offset) or RealNVP's exp(tanh(raw))"),
                OptionSpec.real("scaleOffset", 2.0, -10.0, 10.0, "offset added to raw before the sigmoid (Glow: 2)"));
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return new Layer(ctx);
    }

    static final class Layer extends CouplingLayer {

        private final SameDiff sd;
        private final CouplingNetwork network;
        private final boolean sigmoid;
        private final double offset;

        Layer(LayerContext ctx) {
            super(ctx);
            this.sd = ctx.graph();
            this.network = new CouplingNetwork(ctx, conditioning, hidden(ctx), 2 * transformed);
            this.sigmoid = ctx.options().getString("scale").equals("sigmoid");
            this.offset = ctx.options().getDouble("scaleOffset");
        }

        private record ShiftAndLogScale(SDVariable shift, SDVariable logScale) {
        }

        private ShiftAndLogScale parameters(SDVariable a) {
            SDVariable h = network.apply(a);
            SDVariable shift = Channels.slice(h, 0, transformed);
            SDVariable raw = Channels.slice(h, transformed, 2 * transformed);
            SDVariable logScale = sigmoid ? sd.nn().logSigmoid(raw.add(offset)) : sd.math().tanh(raw);
            return new ShiftAndLogScale(shift, logScale);
        }

        @Override
        protected Flowed transform(SDVariable a, SDVariable b) {
            ShiftAndLogScale p = parameters(a);
            SDVariable y = b.add(p.shift()).mul(sd.math().exp(p.logScale()));
            return new Flowed(y, p.logScale().sum(1, 2, 3));
        }

        @Override
        protected Flowed untransform(SDVariable a, SDVariable b) {
            ShiftAndLogScale p = parameters(a);
            SDVariable x = b.mul(sd.math().exp(p.logScale().neg())).sub(p.shift());
            return new Flowed(x, p.logScale().sum(1, 2, 3).neg());
        }
    }
}
