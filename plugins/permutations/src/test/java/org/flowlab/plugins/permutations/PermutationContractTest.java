package org.flowlab.plugins.permutations;

import java.util.Map;
import java.util.stream.Stream;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.plugin.LayerComponent;
import org.flowlab.testkit.LayerContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PermutationContractTest {

    static Stream<Arguments> variants() {
        return Stream.of(new Reverse(), new Shuffle(), new Conv1x1(), new Conv1x1Lu())
                .flatMap(p -> Stream.of(Arguments.of(p, new TensorShape(4, 2, 2)), Arguments.of(p, new TensorShape(6, 2, 1))));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("variants")
    void satisfiesTheFlowLayerContract(LayerComponent component, TensorShape shape) {
        LayerContract.verify("permutation", component, Map.of(), shape);
    }
}
