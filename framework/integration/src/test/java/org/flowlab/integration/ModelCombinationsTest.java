package org.flowlab.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.model.FlowModelFactory;
import org.flowlab.testkit.ModelContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preprocessing × normalisation × permutation × coupling × prior in a 2-level model on a 1×4×4 input (D = 16):
 * decode(encode(x)) = x, and the whole model's log-det matches a finite-difference Jacobian. Every permutation ×
 * coupling again on a colour input (3×4×4, D = 48), whose odd channel count only becomes even after the squeeze.
 */
class ModelCombinationsTest {

    private static final FlowModelFactory FACTORY = FlowLab.injector().getInstance(FlowModelFactory.class);

    static Stream<ModelConfig> combinations() {
        List<ModelConfig> all = new ArrayList<>();
        for (String preprocessing : List.of("none", "logit")) {
            for (String normalization : List.of("actnorm", "batchnorm", "none")) {
                for (String permutation : List.of("reverse", "shuffle", "conv1x1", "conv1x1-lu")) {
                    for (String coupling : List.of("additive", "affine", "spline")) {
                        for (String prior : List.of("standard-normal", "learned", "split-conditional")) {
                            all.add(new ModelConfig(2, 2, 4, ComponentChoice.of(normalization),
                                    ComponentChoice.of(permutation), ComponentChoice.of(coupling), ComponentChoice.of(prior),
                                    ComponentChoice.of(preprocessing)));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    static Stream<ModelConfig> colourCombinations() {
        List<ModelConfig> all = new ArrayList<>();
        for (String permutation : List.of("reverse", "shuffle", "conv1x1", "conv1x1-lu")) {
            for (String coupling : List.of("additive", "affine", "spline")) {
                all.add(new ModelConfig(2, 2, 4, ComponentChoice.of("actnorm"), ComponentChoice.of(permutation),
                        ComponentChoice.of(coupling), ComponentChoice.of("split-conditional"),
                        ComponentChoice.of("none")));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void isInvertibleWithTheRightLogDeterminant(ModelConfig config) {
        ModelContract.verify(FACTORY, config, new TensorShape(1, 4, 4));
    }

    @ParameterizedTest(name = "colour {0}")
    @MethodSource("colourCombinations")
    void colourImagesAreInvertibleWithTheRightLogDeterminant(ModelConfig config) {
        ModelContract.verify(FACTORY, config, new TensorShape(3, 4, 4));
    }
}
