package org.flowlab.plugins.preprocessing;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.Preprocessing;

/** Glow's choice: the flow sees the dequantised image x̃ ∈ [−0.5, 0.5) itself. */
public final class NoPreprocessing implements Preprocessing {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public String description() {
        return "identity: the flow sees x̃ = x/n_bins − 0.5 + u (Glow)";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return FlowLayer.identity(ctx);
    }
}
