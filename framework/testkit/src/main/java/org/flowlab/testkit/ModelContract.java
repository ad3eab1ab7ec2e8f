package org.flowlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.FlowModelFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer contract lifted to a whole multi-scale model: decode(encode(x)) = x in float32, and the
 * model's total log|det J| equals a finite-difference Jacobian of x → (every latent, concatenated).
 */
public final class ModelContract {

    private static final long SEED = 11;

    private ModelContract() {
    }

    public static void verify(FlowModelFactory factory, ModelConfig config, TensorShape shape) {
        String what = "model " + config;
        // The model's real input domain: a preprocessing such as the logit is only defined there.
        INDArray x = LayerContract.dequantizedImages(SEED, 4, shape);

        FlowModel exact = prepared(factory, config, shape, DataType.DOUBLE, x);
        INDArray logDet = exact.logDet(x);
        Checks.assertFinite(what + " log-det", logDet);
        Checks.assertFinite(what + " bits/dim", exact.bitsPerDim(x));
        INDArray first = x.get(NDArrayIndex.interval(0, 1)).dup();
        double bruteForce = JacobianCheck.logAbsDet(first, exact::latentsFlat);
        Checks.assertLogDetMatches(what, logDet.getDouble(0), bruteForce);

        FlowModel single = prepared(factory, config, shape, DataType.FLOAT, x);
        INDArray xf = x.castTo(DataType.FLOAT);
        assertThat(Checks.maxAbsDifference(single.reconstruct(xf), xf))
                .as("%s: decode(encode(x)) = x in float32", what).isLessThan(Checks.ROUND_TRIP);
    }

    private static FlowModel prepared(FlowModelFactory factory, ModelConfig config, TensorShape shape,
                                      DataType type, INDArray x) {
        FlowModel model = new FlowModel(factory.create(config, shape, type, SEED), 256);
        model.initializeDataDependentLayers(x.castTo(type));
        Perturbation.perturbParameters(model.graph(), SEED + 1);
        Perturbation.updateStatistics(model.graph(), model.flow().statisticsLayers(), model.feedFor(x, true));
        return model;
    }
}
