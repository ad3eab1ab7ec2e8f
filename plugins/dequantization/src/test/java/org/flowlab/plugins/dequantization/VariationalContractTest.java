package org.flowlab.plugins.dequantization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.LayerComponent;
import org.flowlab.testkit.LayerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * q(u|x) must be a bijection ε ↔ u for every x: its log-det enters the bound as −log|det ∂u/∂ε|. The contract
 * checks the noise flow conditioned on fixed random bin corners (round trip, log-det symmetry, finite-difference
 * Jacobian in double) with its parameters perturbed away from the identity start.
 */
class VariationalContractTest {

    /** The conditional noise flow as a layer: the conditioning image is a constant of the layer's graph. */
    private static final class GivenCorners implements LayerComponent {

        @Override
        public String name() {
            return "variational";
        }

        @Override
        public String description() {
            return "q(u|x) for fixed x";
        }

        @Override
        public List<OptionSpec> options() {
            return new Variational().options();
        }

        @Override
        public FlowLayer create(LayerContext ctx) {
            ConditionalNoiseFlow flow = (ConditionalNoiseFlow) new Variational().create(ctx).orElseThrow();
            TensorShape s = ctx.inputShape();
            SDVariable corners = ctx.graph().constant(ctx.scoped("corners"), LayerContract.dequantizedImages(
                    11, 1, s).castTo(ctx.dataType()));
            return new FlowLayer() {
                @Override
                public Flowed forward(SDVariable eps) {
                    return flow.given(batchOf(corners, eps)).forward(eps);
                }

                @Override
                public Flowed inverse(SDVariable u) {
                    return flow.given(batchOf(corners, u)).inverse(u);
                }
            };
        }

        /** The one conditioning image repeated for every sample of {@code like}. */
        private static SDVariable batchOf(SDVariable corners, SDVariable like) {
            return like.getSameDiff().zerosLike(like).add(corners);
        }
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(new TensorShape(1, 4, 4), Map.of()),
                Arguments.of(new TensorShape(3, 2, 4), Map.of("depth", 3, "hidden", 6)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void theNoiseFlowIsABijectionWithTheLogDetItReports(TensorShape shape, Map<String, ?> options) {
        LayerContract.verify("dequantization", new GivenCorners(), options, shape);
    }

    @Test
    void uniformBuildsNothingInTheGraph() {
        assertThat(new Uniform().create(null)).isEmpty();
        assertThat(new Uniform().options()).isEmpty();
    }
}
