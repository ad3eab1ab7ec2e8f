package org.flowlab.engine.model;

import org.flowlab.api.layer.TensorShape;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * 2×2 space-to-depth and back, as reshape/permute so SameDiff differentiates it. Channel c of the input
 * becomes channels 4c..4c+3 of the output (the layout of Glow-PyTorch's squeeze2d).
 */
final class Squeeze {

    private Squeeze() {
    }

    static SDVariable squeeze(SDVariable x, TensorShape in) {
        int c = in.channels();
        int h = in.height();
        int w = in.width();
        SDVariable six = x.reshape(-1, c, h / 2, 2, w / 2, 2);
        return six.permute(0, 1, 3, 5, 2, 4).reshape(-1, c * 4, h / 2, w / 2);
    }

    static SDVariable unsqueeze(SDVariable x, TensorShape out) {
        int c = out.channels();
        int h = out.height();
        int w = out.width();
        SDVariable six = x.reshape(-1, c, 2, 2, h / 2, w / 2);
        return six.permute(0, 1, 4, 2, 5, 3).reshape(-1, c, h, w);
    }

    static TensorShape squeezed(TensorShape in) {
        return new TensorShape(in.channels() * 4, in.height() / 2, in.width() / 2);
    }
}
