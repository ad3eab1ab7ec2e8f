package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.Datasets;
import org.flowlab.data.ImageDataset;
import org.flowlab.data.Split;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.FlowModelFactory;
import org.flowlab.engine.model.ModelInput;
import org.flowlab.engine.model.Noise;
import org.flowlab.engine.model.TrainedModel;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.train.Dequantizer;
import org.flowlab.engine.train.Evaluator;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.testkit.JacobianCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * With variational dequantisation the reported bits/dim is the bound
 * (−log p(x̃) + log q(u|x) + D·log n_bins) / (D·ln 2), x̃ = corner + u/n_bins, checked by hand on a flow whose
 * density is known in closed form (identity flow, N(0, I) prior), with the same noise ε.
 */
class VariationalBoundTest {

    private static final double BINS = 256;
    private static final int D = 4;

    private final FlowModelFactory factory = FlowLab.injector().getInstance(FlowModelFactory.class);

    /** no normalisation, reverse, zero-initialised additive, N(0, I): log p(x̃) = Σ log N(x̃; 0, 1). */
    private FlowModel identityFlowWithVariationalDequantization() {
        ModelConfig config = new ModelConfig(1, 1, 4, ComponentChoice.of("none"), ComponentChoice.of("reverse"),
                ComponentChoice.of("additive"), ComponentChoice.of("standard-normal"), ModelConfig.NO_PREPROCESSING,
                new ComponentChoice("variational", Map.of("depth", 2, "hidden", 3)));
        return new FlowModel(factory.create(config, new TensorShape(1, 2, 2), DataType.DOUBLE, 1, BINS), BINS);
    }

    private static final INDArray CORNERS = Nd4j.create(new double[]{-0.5, 0.25, 0.0, 121 / 256.0 - 0.5},
            new long[]{1, 1, 2, 2});
    private static final INDArray EPS = Nd4j.create(new double[]{0.3, -1.2, 2.0, 0.0}, new long[]{1, 1, 2, 2});

    @Test
    void atInitialisationQIsTheLogisticNormalAndTheBoundMatchesTheFormulaByHand() {
        FlowModel model = identityFlowWithVariationalDequantization();
        double bpd = model.bitsPerDim(new ModelInput(CORNERS, EPS)).getDouble(0);

        // Couplings start as the identity: u = sigmoid(ε), log q = Σ [log N(ε) − log σ(ε) − log σ(−ε)].
        double logP = 0;
        double logQ = 0;
        for (int i = 0; i < D; i++) {
            double e = EPS.getDouble(i);
            double u = 1 / (1 + Math.exp(-e));
            double xTilde = CORNERS.getDouble(i) + u / BINS;
            logP += logNormal(xTilde);
            logQ += logNormal(e) - Math.log(u) - Math.log(1 - u);
        }
        double expected = (-logP + logQ + D * Math.log(BINS)) / (D * Math.log(2));
        assertThat(bpd).isCloseTo(expected, within(1e-9));
    }

    @Test
    void afterTrainingMovedQTheBoundStillCountsMinusLogDetOfTheNoiseFlow() {
        FlowModel model = identityFlowWithVariationalDequantization();
        Random random = new Random(5);
        model.graph().parameters().forEach((name, variable) -> {
            if (name.startsWith("dequantization/")) {
                variable.getArr().addi(Noise.gaussian(random, DataType.DOUBLE, variable.getArr().shape()).muli(0.3));
            }
        });
        String dequantized = "x_dequantized";
        // u(ε) for these corners, as the model computes it; its log|det ∂u/∂ε| by finite differences.
        java.util.function.UnaryOperator<INDArray> uOfEps = eps -> {
            INDArray corners = Nd4j.zeros(DataType.DOUBLE, eps.shape()).addi(CORNERS);
            Map<String, INDArray> feed = model.feedFor(new ModelInput(corners, eps), false);
            return model.graph().sd().output(feed, dequantized).get(dequantized).sub(corners).muli(BINS);
        };
        INDArray u = uOfEps.apply(EPS);
        double logDetUOfEps = JacobianCheck.logAbsDet(EPS, uOfEps);

        double logP = 0;
        double logNormalEps = 0;
        for (int i = 0; i < D; i++) {
            assertThat(u.getDouble(i)).isStrictlyBetween(0.0, 1.0);
            logP += logNormal(CORNERS.getDouble(i) + u.getDouble(i) / BINS);
            logNormalEps += logNormal(EPS.getDouble(i));
        }
        double logQ = logNormalEps - logDetUOfEps;
        double expected = (-logP + logQ + D * Math.log(BINS)) / (D * Math.log(2));
        assertThat(model.bitsPerDim(new ModelInput(CORNERS, EPS)).getDouble(0)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void aTrainedVariationalModelReloadsFromItsCheckpointWithTheSameBound(@TempDir Path output) throws Exception {
        ModelConfig model = ModelConfig.glow(2, 1, 8).with("dequantization",
                new ComponentChoice("variational", Map.of("depth", 2, "hidden", 4)));
        TrialConfig config = new TrialConfig(new DataConfig("synthetic", 8, 128, 32, null), model,
                new TrainConfig(null, 4, 16, 5e-3, 0, 0.0, 100, 16, 2));
        TrainingRun run = TrainingRun.train(FlowLab.injector().getInstance(TrialTrainer.class), config, output);
        assertThat(run.trainCurve()).hasSize(4).allMatch(Double::isFinite);

        TrainedModel loaded = TrainedModel.load(run.result().checkpoint(),
                FlowLab.injector().getInstance(ComponentRegistry.class));
        ImageDataset test = Datasets.get("synthetic").load(Split.TEST, DataDirectory.resolve(null)).subset(32);
        double reloaded = new Evaluator(16).bitsPerDim(loaded.model(), test,
                Dequantizer.forModel(8, loaded.model()));
        assertThat(reloaded).isCloseTo(run.result().finalTestBpd(), within(1e-4));
    }

    @Test
    void uniformDequantizationAddsNothingToTheGraph() {
        ModelConfig glow = ModelConfig.glow(2, 2, 8);
        FlowModel uniform = new FlowModel(factory.create(glow, new TensorShape(1, 8, 8), DataType.FLOAT, 1, BINS), BINS);
        assertThat(uniform.learnsDequantization()).isFalse();
        assertThat(uniform.graph().sd().variables()).noneMatch(v -> v.name().startsWith("dequantization")
                || v.name().equals("x_dequantized"));
        FlowModel explicit = new FlowModel(factory.create(glow.with("dequantization", ModelConfig.UNIFORM_DEQUANTIZATION),
                new TensorShape(1, 8, 8), DataType.FLOAT, 1, BINS), BINS);
        assertThat(explicit.graph().sd().getOps().size()).isEqualTo(uniform.graph().sd().getOps().size());
    }

    @Test
    void aModelThatLearnsItsDequantizationRefusesXTildeWithoutNoise() {
        FlowModel model = identityFlowWithVariationalDequantization();
        assertThat(model.learnsDequantization()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.bitsPerDim(CORNERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise");
    }

    private static double logNormal(double v) {
        return -v * v / 2 - 0.5 * Math.log(2 * Math.PI);
    }
}
