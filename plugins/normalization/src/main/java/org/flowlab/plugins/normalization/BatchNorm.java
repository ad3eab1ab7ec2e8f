package org.flowlab.plugins.normalization;

import java.util.List;
import java.util.Map;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.TrainingStatistics;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.nn.FastOps;
import org.flowlab.api.plugin.Normalization;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RealNVP's batch normalisation as a flow layer: y = γ·(x − μ)/√(σ² + ε) + β with log γ learned.
 * Training uses the batch's statistics (and their log-det term); evaluation, sampling and the inverse
 * use running averages, updated after every training step.
 */
public final class BatchNorm implements Normalization {

    @Override
    public String name() {
        return "batchnorm";
    }

    @Override
    public String description() {
        return "RealNVP batch norm: batch statistics in training, running averages in eval and inverse";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.real("momentum", 0.05, 0.0, 1.0, "weight of the newest batch in the running averages"),
                OptionSpec.real("epsilon", 1e-4, 1e-12, 1.0, "added to the variance before the square root"));
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return new Layer(ctx);
    }

    static final class Layer implements FlowLayer, TrainingStatistics {

        private final LayerContext ctx;
        private final SameDiff sd;
        private final SDVariable logGamma;
        private final SDVariable beta;
        private final SDVariable runningMean;
        private final SDVariable runningVar;
        private final double momentum;
        private final double epsilon;
        private final double pixels;
        private SDVariable batchMean;
        private SDVariable batchVar;

        Layer(LayerContext ctx) {
            this.ctx = ctx;
            this.sd = ctx.graph();
            int channels = ctx.inputShape().channels();
            this.logGamma = ctx.parameter("log_gamma", Nd4j.zeros(1, channels, 1, 1));
            this.beta = ctx.parameter("beta", Nd4j.zeros(1, channels, 1, 1));
            this.runningMean = ctx.state("running_mean", Nd4j.zeros(1, channels, 1, 1));
            this.runningVar = ctx.state("running_var", Nd4j.ones(1, channels, 1, 1));
            this.momentum = ctx.options().getDouble("momentum");
            this.epsilon = ctx.options().getDouble("epsilon");
            this.pixels = ctx.inputShape().pixels();
        }

        @Override
        public Flowed forward(SDVariable x) {
            batchMean = x.mean(true, 0, 2, 3);
            SDVariable centered = x.sub(batchMean);
            batchVar = centered.mul(centered).mean(true, 0, 2, 3);
            SDVariable training = ctx.trainingFlag();
            SDVariable notTraining = training.rsub(1.0);
            SDVariable mean = batchMean.mul(training).add(runningMean.mul(notTraining));
            SDVariable variance = batchVar.mul(training).add(runningVar.mul(notTraining)).add(epsilon);
            SDVariable logScale = logScale(variance);
            SDVariable y = FastOps.multiply(x.sub(mean), sd.math().exp(logScale)).add(beta);
            return new Flowed(y, logScale.sum().mul(pixels));
        }

        @Override
        public Flowed inverse(SDVariable y) {
            SDVariable variance = runningVar.add(epsilon);
            SDVariable logScale = logScale(variance);
            SDVariable x = FastOps.multiply(y.sub(beta), sd.math().exp(logScale.neg())).add(runningMean);
            return new Flowed(x, logScale.sum().mul(-pixels));
        }

        /** log of the per-channel scale γ/√(σ²+ε). */
        private SDVariable logScale(SDVariable variance) {
            return logGamma.sub(sd.math().log(variance).mul(0.5));
        }

        @Override
        public List<SDVariable> statisticsOutputs() {
            return List.of(batchMean, batchVar);
        }

        @Override
        public void update(Map<String, INDArray> values) {
            blend(ctx.valueOf(runningMean), values.get(batchMean.name()));
            blend(ctx.valueOf(runningVar), values.get(batchVar.name()));
        }

        private void blend(INDArray running, INDArray batch) {
            running.muli(1 - momentum).addi(batch.castTo(running.dataType()).mul(momentum));
        }
    }
}
