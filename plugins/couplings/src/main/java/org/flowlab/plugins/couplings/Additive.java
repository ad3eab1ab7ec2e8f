package org.flowlab.plugins.couplings;

import java.util.List;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.Coupling;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/** NICE's additive coupling: y_b = x_b + t(x_a). Volume-preserving, log|det| = 0. */
public final class Additive implements Coupling {

    static final OptionSpec HIDDEN = OptionSpec.integer("hidden", null, 1, 4096,
            "width of the coupling network; defaults to model.hidden");

    @Override
    public String name() {
        return "additive";
    }

    @Override
    public String description() {
        return "additive coupling (NICE): y_b = x_b + t(x_a), volume-preserving";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(HIDDEN);
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return new Layer(ctx);
    }

    static final class Layer extends CouplingLayer {

        private final CouplingNetwork shift;
        private final SDVariable zero;

        Layer(LayerContext ctx) {
            super(ctx);
            this.shift = new CouplingNetwork(ctx, conditioning, hidden(ctx), transformed);
            this.zero = ctx.graph().constant(ctx.scoped("zero"), Nd4j.scalar(ctx.dataType(), 0.0));
        }

        @Override
        protected Flowed transform(SDVariable a, SDVariable b) {
            return new Flowed(b.add(shift.apply(a)), zero);
        }

        @Override
        protected Flowed untransform(SDVariable a, SDVariable b) {
            return new Flowed(b.sub(shift.apply(a)), zero);
        }
    }
}
