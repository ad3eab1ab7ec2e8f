package org.flowlab.plugins.dequantization;

import java.util.List;
import java.util.Optional;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.LearnedDequantizer;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.Dequantization;

/**
 * Flow++'s variational dequantisation (Ho et al. 2019): u = sigmoid(f(ε; x)) with ε ~ N(0, I) and f a stack of
 * checkerboard affine couplings conditioned on features of x ({@link ConditionalNoiseFlow}). The model is trained
 * on, and reports, the variational bound −log P(x) ≤ E_q[−log p(x̃) + D·log n_bins + log q(u|x)].
 */
public final class Variational implements Dequantization {

    static final OptionSpec DEPTH = OptionSpec.integer("depth", 4, 1, 32,
            "affine couplings of q(u|x), alternating checkerboard masks");
    static final OptionSpec HIDDEN = OptionSpec.integer("hidden", 32, 1, 4096,
            "width of q's feature and coupling networks (small: q only shapes noise within a bin)");

    @Override
    public String name() {
        return "variational";
    }

    @Override
    public String description() {
        return "Flow++: u = sigmoid(couplings(ε; features(x))), ε ~ N(0, I); bits/dim is the variational bound";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(DEPTH, HIDDEN);
    }

    @Override
    public Optional<LearnedDequantizer> create(LayerContext context) {
        return Optional.of(new ConditionalNoiseFlow(context, context.options().getInt("depth"),
                context.options().getInt("hidden")));
    }
}
