package org.flowlab.plugins.preprocessing;

import java.util.Map;
import java.util.stream.Stream;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.plugin.LayerComponent;
import org.flowlab.testkit.LayerContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreprocessingContractTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(new NoPreprocessing(), Map.of()),
                Arguments.of(new Logit(), Map.of()),
                Arguments.of(new Logit(), Map.of("alpha", 0.05)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void satisfiesTheFlowLayerContractOnDequantizedImages(LayerComponent component, Map<String, ?> options) {
        LayerContract.verifyOnImages("preprocessing", component, options, new TensorShape(1, 4, 4));
    }
}
