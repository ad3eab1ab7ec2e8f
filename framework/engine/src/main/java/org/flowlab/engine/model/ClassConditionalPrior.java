package org.flowlab.engine.model;

import org.flowlab.api.layer.Gaussian;
import org.flowlab.api.layer.LatentPrior;
import org.flowlab.api.layer.TensorShape;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * openai/glow's ycond: the top prior's mean and log-scale get a learned function of the one-hot label added,
 * h = y·W with W [classes, 2·C·H·W] zero-initialised (a per-position mean and log-scale per class), so a
 * conditional model starts as the unconditional prior chosen by {@code model.prior} and models p(x|y).
 * Split priors are left as they are.
 */
final class ClassConditionalPrior implements LatentPrior {

    private final LatentPrior base;
    private final Gaussian top;

    ClassConditionalPrior(ModelGraph graph, LatentPrior base, SDVariable labels, int classes, TensorShape topShape) {
        this.base = base;
        long dims = topShape.dims();
        SDVariable weights = graph.addParameter("conditioning/prior/W", Nd4j.zeros(classes, 2 * dims));
        SDVariable h = labels.mmul(weights);
        long[] shape = {-1, topShape.channels(), topShape.height(), topShape.width()};
        SDVariable mean = h.get(SDIndex.all(), SDIndex.interval(0L, dims)).reshape(shape);
        SDVariable logStd = h.get(SDIndex.all(), SDIndex.interval(dims, 2 * dims)).reshape(shape);
        Gaussian unconditional = base.top();
        // [N, C, H, W] + [1, C, H, W]: the per-sample term first, so the sum has the batch's shape.
        this.top = new Gaussian(mean.add(unconditional.mean()), logStd.add(unconditional.logStd()));
    }

    @Override
    public Gaussian top() {
        return top;
    }

    @Override
    public Gaussian split(int level, SDVariable kept) {
        return base.split(level, kept);
    }
}
