package org.flowlab.plugins.couplings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FlowLab's spline against nflows' {@code unconstrained_rational_quadratic_spline(tails="linear")} on the same
 * inputs and unnormalised parameters (nsf/rational_quadratic_fixture.json, written by nsf/make_fixture.py):
 * random points inside the interval, points outside it, on its bounds and exactly on bin edges.
 */
class RationalQuadraticSplineFixtureTest {

    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = RationalQuadraticSplineFixtureTest.class.getResourceAsStream("/nsf/rational_quadratic_fixture.json")) {
            JsonNode fixture = new ObjectMapper().readTree(in);
            List<Arguments> all = new ArrayList<>();
            for (JsonNode c : fixture.get("cases")) {
                all.add(Arguments.of(c.get("bins").asInt(), c.get("tailBound").asDouble(), c, false));
                all.add(Arguments.of(c.get("bins").asInt(), c.get("tailBound").asDouble(), c, true));
            }
            return all.stream();
        }
    }

    @ParameterizedTest(name = "K={0} B={1} inverse={3}")
    @MethodSource("cases")
    void matchesNflows(int bins, double tailBound, JsonNode c, boolean inverse) {
        JsonNode expected = c.get(inverse ? "inverse" : "forward");
        SameDiff sd = SameDiff.create();
        RationalQuadraticSpline spline = new RationalQuadraticSpline(sd, bins, tailBound);
        SDVariable x = sd.constant(vector(expected.get("inputs")));
        RationalQuadraticSpline.Parameters p = new RationalQuadraticSpline.Parameters(
                sd.constant(matrix(c.get("unnormalizedWidths"))), sd.constant(matrix(c.get("unnormalizedHeights"))),
                sd.constant(matrix(c.get("unnormalizedDerivatives"))));
        RationalQuadraticSpline.Result r = inverse ? spline.inverse(x, p) : spline.forward(x, p);

        INDArray outputs = r.value().eval();
        INDArray logDets = r.logDet().eval();
        double[] wantOutputs = vector(expected.get("outputs")).toDoubleVector();
        double[] wantLogDets = vector(expected.get("logabsdet")).toDoubleVector();
        for (int i = 0; i < wantOutputs.length; i++) {
            double input = expected.get("inputs").get(i).asDouble();
            assertThat(outputs.getDouble(i)).as("output %d (input %s)", i, input)
                    .isCloseTo(wantOutputs[i], org.assertj.core.data.Offset.offset(TOLERANCE));
            assertThat(logDets.getDouble(i)).as("log|det| %d (input %s)", i, input)
                    .isCloseTo(wantLogDets[i], org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }

    private static INDArray vector(JsonNode values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asDouble();
        }
        return Nd4j.createFromArray(v);
    }

    private static INDArray matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(rows.get(i)).toDoubleVector();
        }
        return Nd4j.createFromArray(m);
    }
}
