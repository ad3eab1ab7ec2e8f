package org.flowlab.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParameterLayoutTest {

    private static ParameterLayout layout() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("w", new long[]{2, 3});
        shapes.put("b", new long[]{3});
        shapes.put("s", new long[]{1, 1, 1, 1});
        return new ParameterLayout(shapes);
    }

    @Test
    void parametersFollowEachOtherInTheGivenOrderInCOrder() {
        INDArray flat = Nd4j.arange(10).castTo(DataType.FLOAT);
        Map<String, INDArray> views = layout().views(flat);

        assertThat(layout().length()).isEqualTo(10);
        assertThat(views.keySet()).containsExactly("w", "b", "s");
        assertThat(views.get("w").toDoubleMatrix()).isDeepEqualTo(new double[][]{{0, 1, 2}, {3, 4, 5}});
        assertThat(views.get("b").toDoubleVector()).containsExactly(6, 7, 8);
        assertThat(views.get("s").shape()).containsExactly(1, 1, 1, 1);
        assertThat(views.get("s").getDouble(0)).isEqualTo(9);
    }

    @Test
    void viewsWriteThroughToTheFlatVector() {
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 10);
        layout().view(flat, "b").addi(1);
        assertThat(flat.toDoubleVector()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 0);
    }

    @Test
    void anUnknownParameterNamesTheKnownOnes() {
        assertThatThrownBy(() -> layout().view(Nd4j.zeros(DataType.FLOAT, 10), "bias"))
                .hasMessageContaining("'bias'").hasMessageContaining("[w, b, s]");
    }
}
