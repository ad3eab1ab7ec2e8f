package org.flowlab.plugins.couplings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.options.OptionsResolver;
import org.flowlab.engine.model.GraphLayerContext;
import org.flowlab.engine.model.ModelGraph;
import org.flowlab.engine.model.Noise;
import org.flowlab.testkit.LayerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The spline coupling's layer contract on inputs that visit every regime of the spline: inside the tail bound,
 * outside it, exactly on it, and exactly on the layer's own (perturbed, data-dependent) bin edges. The
 * finite-difference Jacobian is taken at the first sample, which holds all of them.
 */
class SplineContractTest {

    private static final TensorShape SHAPE = new TensorShape(4, 3, 3);

    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of(Map.of(), 3.0), Arguments.of(Map.of("bins", 3, "tailBound", 1.0), 1.0),
                Arguments.of(Map.of("bins", 16, "hidden", 6), 3.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void jacobianIsRightInsideOutsideAndOnBinEdges(Map<String, ?> options, double bound) {
        LayerContract.verify("coupling", new Spline(), options, SHAPE, (layer, graph) -> everyRegime(layer, graph, bound));
    }

    /**
     * Three samples; in the first, the transformed half (channels 2, 3) cycles through: inside, above the bound,
     * below it, +bound, −bound, and two interior bin edges of that very element's spline.
     */
    private static INDArray everyRegime(FlowLayer layer, ModelGraph graph, double bound) {
        Random random = new Random(3);
        INDArray x = Noise.gaussian(random, DataType.DOUBLE, 3, SHAPE.channels(), SHAPE.height(), SHAPE.width());
        SDVariable a = graph.sd().placeHolder("conditioning", DataType.DOUBLE, -1, 2, SHAPE.height(), SHAPE.width());
        SDVariable edgesOf = ((Spline.Layer) layer).binEdges(a);
        INDArray conditioning = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2), NDArrayIndex.all(),
                NDArrayIndex.all()).dup();
        INDArray edges = graph.sd().output(Map.of("conditioning", conditioning), edgesOf.name()).get(edgesOf.name());
        long bins = edges.size(1);
        int element = 0;
        for (int c = 0; c < 2; c++) {
            for (int h = 0; h < SHAPE.height(); h++) {
                for (int w = 0; w < SHAPE.width(); w++, element++) {
                    double value = switch (element % 7) {
                        case 0 -> bound * (2 * random.nextDouble() - 1);
                        case 1 -> bound + 0.5 + random.nextDouble();
                        case 2 -> -bound - 0.5 - random.nextDouble();
                        case 3 -> bound;
                        case 4 -> -bound;
                        default -> edges.getDouble((h * SHAPE.width() + w) * 2L + c, 1 + (element % (bins - 1)));
                    };
                    x.putScalar(new long[]{0, 2 + c, h, w}, value);
                }
            }
        }
        return x;
    }

    @Test
    void aFreshSplineCouplingIsTheIdentity() {
        ModelGraph graph = new ModelGraph(DataType.DOUBLE);
        FlowLayer layer = new Spline().create(new GraphLayerContext(graph, "layer", SHAPE,
                OptionsResolver.resolve("coupling", new Spline(), Map.of()), 8, 1));
        SDVariable input = graph.sd().placeHolder("x", DataType.DOUBLE, -1, 4, 3, 3);
        Flowed forward = layer.forward(input);
        INDArray x = Noise.gaussian(new Random(5), DataType.DOUBLE, 2, 4, 3, 3).mul(2);
        Map<String, INDArray> out = graph.sd().output(Map.of("x", x), forward.value().name(), forward.logDet().name());
        assertThat(out.get(forward.value().name()).sub(x).amaxNumber().doubleValue()).isLessThan(1e-9);
        assertThat(out.get(forward.logDet().name()).amaxNumber().doubleValue()).isLessThan(1e-9);
    }
}
