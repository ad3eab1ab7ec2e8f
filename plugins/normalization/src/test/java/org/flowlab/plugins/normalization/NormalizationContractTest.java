package org.flowlab.plugins.normalization;

import java.util.Map;
import java.util.stream.Stream;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.plugin.LayerComponent;
import org.flowlab.testkit.LayerContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NormalizationContractTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(new ActNorm(), Map.of()),
                Arguments.of(new BatchNorm(), Map.of()),
                Arguments.of(new BatchNorm(), Map.of("momentum", 0.5, "epsilon", 1e-3)),
                Arguments.of(new NoNormalization(), Map.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void satisfiesTheFlowLayerContract(LayerComponent component, Map<String, ?> options) {
        LayerContract.verify("normalization", component, options, new TensorShape(4, 2, 2));
    }
}
