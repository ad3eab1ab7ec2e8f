package org.flowlab.plugins.dequantization;

import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.nn.Channels;
import org.flowlab.api.nn.Conv2d;
import org.flowlab.api.nn.Conv2d.Layout;
import org.flowlab.api.nn.FastOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RealNVP's checkerboard affine coupling with a conditioning input: pixels where the mask m is 1 pass unchanged,
 * the others become z·exp(s) + t with (s, t) = NN(z ⊙ m, features of x), s = tanh(raw) bounded. A mask rather than a
 * channel split, because the noise of a one-channel image (MNIST) has no channels to split.
 */
final class CheckerboardCoupling {

    private final SameDiff sd;
    private final int channels;
    private final SDVariable mask;
    private final SDVariable inverseMask;
    private final Conv2d first;
    private final Conv2d last;

    /** @param parity which squares of the board pass unchanged (0 or 1): alternate it between couplings */
    CheckerboardCoupling(LayerContext ctx, String name, int hidden, int parity) {
        TensorShape shape = ctx.inputShape();
        this.sd = ctx.graph();
        this.channels = shape.channels();
        double[] board = new double[shape.height() * shape.width()];
        for (int h = 0; h < shape.height(); h++) {
            for (int w = 0; w < shape.width(); w++) {
                board[h * shape.width() + w] = (h + w + parity) % 2;
            }
        }
        this.mask = sd.constant(ctx.scoped(name + "/mask"),
                Nd4j.create(board, new long[]{1, 1, shape.height(), shape.width()}, 'c').castTo(ctx.dataType()));
        this.inverseMask = mask.rsub(1.0);
        this.first = Conv2d.random(ctx, name + "/conv1", channels + hidden, hidden, 3, Layout.CHANNELS_LAST);
        this.last = Conv2d.zeros(ctx, name + "/conv2", hidden, 2 * channels, 3, Layout.CHANNELS_LAST);
    }

    private record ShiftAndLogScale(SDVariable shift, SDVariable logScale) {
    }

    /** s and t, zero where the mask passes pixels through; {@code conditioning} is [N, H, W, hidden]. */
    private ShiftAndLogScale parameters(SDVariable passed, SDVariable conditioning) {
        SDVariable in = sd.concat(3, passed.permute(0, 2, 3, 1), conditioning);
        SDVariable out = last.apply(FastOps.relu(first.apply(in))).permute(0, 3, 1, 2);
        SDVariable logScale = FastOps.multiply(sd.math().tanh(Channels.slice(out, 0, channels)), inverseMask);
        SDVariable shift = FastOps.multiply(Channels.slice(out, channels, 2 * channels), inverseMask);
        return new ShiftAndLogScale(shift, logScale);
    }

    Flowed forward(SDVariable z, SDVariable conditioning) {
        ShiftAndLogScale p = parameters(FastOps.multiply(z, mask), conditioning);
        SDVariable y = z.mul(sd.math().exp(p.logScale())).add(p.shift());
        return new Flowed(y, p.logScale().sum(1, 2, 3));
    }

    Flowed inverse(SDVariable y, SDVariable conditioning) {
        // Masked pixels passed unchanged, so y ⊙ m = z ⊙ m gives the same s and t as the forward pass.
        ShiftAndLogScale p = parameters(FastOps.multiply(y, mask), conditioning);
        SDVariable z = y.sub(p.shift()).mul(sd.math().exp(p.logScale().neg()));
        return new Flowed(z, p.logScale().sum(1, 2, 3).neg());
    }
}
