package org.flowlab.plugins.couplings;

import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.nn.Conv2d;
import org.flowlab.api.nn.Conv2d.Layout;
import org.flowlab.api.nn.FastOps;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Glow's coupling network: conv3×3(hidden) → ReLU → conv1×1(hidden) → ReLU → zero-initialised
 * conv3×3. The zero last layer makes every coupling start as the identity, which is what lets deep
 * flows train from the first step.
 *
 * <p>The network runs channels-last: its input and output are narrow (the coupled half, the shift and
 * scale), so turning them around is cheap, while the wide hidden activations then never need reordering
 * inside ND4J's convolutions.
 */
final class CouplingNetwork {

    private final Conv2d first;
    private final Conv2d second;
    private final Conv2d last;

    CouplingNetwork(LayerContext ctx, int in, int hidden, int out) {
        this.first = Conv2d.random(ctx, "nn/conv1", in, hidden, 3, Layout.CHANNELS_LAST);
        this.second = Conv2d.random(ctx, "nn/conv2", hidden, hidden, 1, Layout.CHANNELS_LAST);
        this.last = Conv2d.zeros(ctx, "nn/conv3", hidden, out, 3, Layout.CHANNELS_LAST);
    }

    /** x and the result are [N, C, H, W]. */
    SDVariable apply(SDVariable x) {
        return applyChannelsLast(x).permute(0, 3, 1, 2);
    }

    /** x is [N, C, H, W], the result [N, H, W, out]: for couplings that work channels-last themselves. */
    SDVariable applyChannelsLast(SDVariable x) {
        SDVariable h = FastOps.relu(first.apply(x.permute(0, 2, 3, 1)));
        h = FastOps.relu(second.apply(h));
        return last.apply(h);
    }
}
