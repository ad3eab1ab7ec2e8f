package org.flowlab.plugins.couplings;

import java.util.Map;
import java.util.stream.Stream;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.plugin.LayerComponent;
import org.flowlab.testkit.LayerContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CouplingContractTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(new Additive(), Map.of()),
                Arguments.of(new Additive(), Map.of("hidden", 3)),
                Arguments.of(new Affine(), Map.of()),
                Arguments.of(new Affine(), Map.of("scale", "exp")),
                Arguments.of(new Affine(), Map.of("scaleOffset", 0.5, "hidden", 5)),
                Arguments.of(new Spline(), Map.of()),
                Arguments.of(new Spline(), Map.of("bins", 3, "tailBound", 1.0, "hidden", 5)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void satisfiesTheFlowLayerContract(LayerComponent component, Map<String, ?> options) {
        LayerContract.verify("coupling", component, options, new TensorShape(4, 2, 2));
    }

    @ParameterizedTest(name = "{0} with an odd channel count")
    @MethodSource("variants")
    void handlesAnOddNumberOfChannels(LayerComponent component, Map<String, ?> options) {
        LayerContract.verify("coupling", component, options, new TensorShape(3, 2, 2));
    }
}
