package org.flowlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flowlab.api.layer.DataDependentInit;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.layer.TrainingStatistics;
import org.flowlab.api.options.OptionsResolver;
import org.flowlab.api.plugin.LayerComponent;
import org.flowlab.engine.model.GraphLayerContext;
import org.flowlab.engine.model.ModelGraph;
import org.flowlab.engine.model.Noise;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The contract every layer plugin (preprocessing, normalisation, permutation, coupling) satisfies, checked on a tiny
 * input such as 1×4×2×2:
 * <ol>
 *   <li>finite outputs of the input's shape;</li>
 *   <li>inverse(forward(x)) = x within 1e-4 in float32 (max abs);</li>
 *   <li>forward log-det + inverse log-det = 0;</li>
 *   <li>forward log-det = log|det| of a finite-difference Jacobian (double) within 1e-3 relative.</li>
 * </ol>
 */
public final class LayerContract {

    private static final int MODEL_HIDDEN = 8;
    private static final long SEED = 7;

    private LayerContract() {
    }

    /** Checks a layer on standard-normal inputs: what layers inside the flow see. */
    public static void verify(String familyKey, LayerComponent component, Map<String, ?> options, TensorShape shape) {
        verify(familyKey, component, options, shape,
                Noise.gaussian(new Random(SEED), DataType.DOUBLE, 3, shape.channels(), shape.height(), shape.width()));
    }

    /** Checks a layer on inputs like dequantised images, uniform in [−0.5, 0.5): the domain of preprocessing. */
    public static void verifyOnImages(String familyKey, LayerComponent component, Map<String, ?> options,
                                      TensorShape shape) {
        verify(familyKey, component, options, shape, dequantizedImages(SEED, 3, shape));
    }

    /** Random values spread over x̃'s whole range [−0.5, 0.5), as the dequantiser produces. */
    public static INDArray dequantizedImages(long seed, int count, TensorShape shape) {
        return Noise.uniform(new Random(seed), -0.5, 0.5, DataType.DOUBLE, count, shape.channels(), shape.height(),
                shape.width());
    }

    /** Picks the inputs to check from the built layer itself: points where its behaviour changes, say. */
    @FunctionalInterface
    public interface InputChooser {
        /**
         * @param layer the layer as checked: built in double precision and perturbed
         * @param graph its graph, to evaluate what the layer computes (e.g. a spline's knots)
         * @return the batch [N, C, H, W] to check; the finite-difference Jacobian uses its first sample
         */
        INDArray choose(FlowLayer layer, ModelGraph graph);
    }

    /**
     * Checks a layer on inputs chosen for it: the spline coupling puts its first sample inside and outside the
     * tail bound and on its own bin edges, so that the Jacobian check covers every regime.
     */
    public static void verify(String familyKey, LayerComponent component, Map<String, ?> options, TensorShape shape,
                              InputChooser inputs) {
        INDArray init = Noise.gaussian(new Random(SEED), DataType.DOUBLE, 3, shape.channels(), shape.height(),
                shape.width());
        Built exact = Built.of(familyKey, component, options, shape, DataType.DOUBLE, init);
        verify(exact, familyKey, component, options, shape, inputs.choose(exact.layer, exact.graph));
    }

    private static void verify(String familyKey, LayerComponent component, Map<String, ?> options, TensorShape shape,
                               INDArray x) {
        verify(Built.of(familyKey, component, options, shape, DataType.DOUBLE, x), familyKey, component, options,
                shape, x);
    }

    private static void verify(Built exact, String familyKey, LayerComponent component, Map<String, ?> options,
                               TensorShape shape, INDArray x) {
        String what = familyKey + " '" + component.name() + "' " + options + " on " + shape;

        INDArray y = exact.run(exact.forward.value(), x);
        INDArray forwardLogDet = exact.perSample(exact.run(exact.forward.logDet(), x), x);
        Checks.assertFinite(what + " forward", y);
        Checks.assertFinite(what + " log-det", forwardLogDet);
        assertThat(y.shape()).as("%s output shape", what).containsExactly(x.shape());

        INDArray inverseLogDet = exact.perSample(exact.runInverse(exact.inverse.logDet(), y), y);
        assertThat(Checks.maxAbsDifference(forwardLogDet.add(inverseLogDet), forwardLogDet.mul(0)))
                .as("%s: forward log-det + inverse log-det must be 0", what).isLessThan(1e-6);

        INDArray first = x.get(NDArrayIndex.interval(0, 1)).dup();
        double bruteForce = JacobianCheck.logAbsDet(first, batch -> exact.run(exact.forward.value(), batch));
        Checks.assertLogDetMatches(what, forwardLogDet.getDouble(0), bruteForce);

        Built single = Built.of(familyKey, component, options, shape, DataType.FLOAT, x);
        INDArray xf = x.castTo(DataType.FLOAT);
        INDArray roundTrip = single.run(single.roundTrip, xf);
        assertThat(Checks.maxAbsDifference(roundTrip, xf)).as("%s: inverse(forward(x)) = x in float32", what)
                .isLessThan(Checks.ROUND_TRIP);
    }

    /** One layer built into its own graph, initialised, perturbed, ready to evaluate in eval mode. */
    private static final class Built {
        ModelGraph graph;
        FlowLayer layer;
        SDVariable input;
        SDVariable latent;
        Flowed forward;
        Flowed inverse;
        SDVariable roundTrip;

        static Built of(String familyKey, LayerComponent component, Map<String, ?> options, TensorShape shape,
                        DataType type, INDArray initBatch) {
            Built b = new Built();
            b.graph = new ModelGraph(type);
            GraphLayerContext ctx = new GraphLayerContext(b.graph, "layer", shape,
                    OptionsResolver.resolve(familyKey, component, options), MODEL_HIDDEN, SEED);
            FlowLayer layer = component.create(ctx);
            b.layer = layer;
            b.input = b.graph.sd().placeHolder("x", type, -1, shape.channels(), shape.height(), shape.width());
            b.latent = b.graph.sd().placeHolder("y", type, -1, shape.channels(), shape.height(), shape.width());
            b.forward = layer.forward(b.input);
            b.inverse = layer.inverse(b.latent);
            b.roundTrip = layer.inverse(b.forward.value()).value();
            INDArray batch = initBatch.castTo(type).mul(1.5).add(0.3);
            if (layer instanceof DataDependentInit ddi) {
                ddi.initializeFrom(batch);
                assertThat(ddi.isInitialized()).as("data-dependent init must mark the layer initialised").isTrue();
            }
            Perturbation.perturbParameters(b.graph, SEED + 1);
            if (layer instanceof TrainingStatistics stats) {
                Perturbation.updateStatistics(b.graph, List.of(stats), b.graph.feed(Map.of("x", batch), true));
            }
            return b;
        }

        INDArray run(SDVariable output, INDArray x) {
            return graph.sd().output(graph.feed(Map.of(input.name(), x.castTo(graph.dataType())), false), output.name())
                    .get(output.name());
        }

        INDArray runInverse(SDVariable output, INDArray y) {
            return graph.sd().output(graph.feed(Map.of(latent.name(), y.castTo(graph.dataType())), false), output.name())
                    .get(output.name());
        }

        /** A scalar log-det means "the same for every sample": broadcast it to [N]. */
        INDArray perSample(INDArray logDet, INDArray batch) {
            long n = batch.size(0);
            if (logDet.length() == 1) {
                return Nd4j.valueArrayOf(new long[]{n}, logDet.getDouble(0), DataType.DOUBLE);
            }
            assertThat(logDet.length()).as("log-det must be a scalar or one value per sample").isEqualTo(n);
            return logDet.castTo(DataType.DOUBLE).reshape(n);
        }
    }
}
