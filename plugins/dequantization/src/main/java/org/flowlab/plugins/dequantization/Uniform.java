package org.flowlab.plugins.dequantization;

import java.util.Optional;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.LearnedDequantizer;
import org.flowlab.api.plugin.Dequantization;

/**
 * Glow's dequantisation: u ~ U(0, 1)^D, drawn on the JVM and added to the image by the engine, so the graph and
 * the step are what they were before the family existed; log q(u|x) = 0.
 */
public final class Uniform implements Dequantization {

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public String description() {
        return "x̃ = x/n_bins − 0.5 + u, u ~ U(0, 1/n_bins) (Glow); log q = 0 in the bound";
    }

    @Override
    public Optional<LearnedDequantizer> create(LayerContext context) {
        return Optional.empty();
    }
}
