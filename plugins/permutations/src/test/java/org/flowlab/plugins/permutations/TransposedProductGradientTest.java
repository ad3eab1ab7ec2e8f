package org.flowlab.plugins.permutations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * conv1x1-lu builds Wᵀ with one matmul whose result is transposed (saving a permute per step); the layer
 * contract checks values and log-determinants, this checks that SameDiff differentiates that flag correctly.
 */
class TransposedProductGradientTest {

    @Test
    void matmulWithTransposedResultHasTheGradientsOfTheTransposeOfTheProduct() {
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.randn(DataType.FLOAT, 4, 4);
        INDArray b = Nd4j.randn(DataType.FLOAT, 4, 4);
        INDArray r = Nd4j.randn(DataType.FLOAT, 4, 4);
        Map<String, INDArray> expected = run((x, y) -> x.mmul(y).permute(1, 0), a, b, r);
        Map<String, INDArray> actual = run((x, y) -> x.mmul("t", y, MMulTranspose.builder().transposeResult(true).build()),
                a, b, r);
        for (String name : List.of("y", "a", "b")) {
            double maxDiff = actual.get(name).sub(expected.get(name)).amaxNumber().doubleValue();
            assertThat(maxDiff).as(name).isLessThan(1e-5);
        }
    }

    private static Map<String, INDArray> run(BinaryOperator<SDVariable> f, INDArray a, INDArray b, INDArray r) {
        SameDiff sd = SameDiff.create();
        SDVariable av = sd.var("a", a.dup());
        SDVariable bv = sd.var("b", b.dup());
        SDVariable y = f.apply(av, bv).rename("y");
        sd.setLossVariables(y.mul(sd.constant(r)).sum().name());
        var pass = sd.calculateGradientsAndOutputs(Map.of(), List.of("y"), List.of("a", "b"));
        return Map.of("y", pass.getOutputs().get("y"), "a", pass.getGradients().get("a"), "b", pass.getGradients().get("b"));
    }
}
