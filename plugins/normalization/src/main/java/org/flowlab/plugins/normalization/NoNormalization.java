package org.flowlab.plugins.normalization;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.Normalization;

/** The ablation baseline: no normalisation at all. */
public final class NoNormalization implements Normalization {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public String description() {
        return "identity (no normalisation), the ablation baseline";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return FlowLayer.identity(ctx);
    }
}
