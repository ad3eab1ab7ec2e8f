package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.plugin.Normalization;
import org.flowlab.testkit.LayerContract;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/** The contract is only worth something if it fails on wrong layers: these two must be rejected. */
class ContractCatchesBrokenLayersTest {

    /** y = 2x per element, with a log-det that forgets the H·W factor (a classic bug). */
    static final class WrongLogDet implements Normalization {
        public String name() {
            return "wrong-logdet";
        }

        public String description() {
            return "scales by 2 but reports log 2 per channel only";
        }

        public FlowLayer create(LayerContext ctx) {
            double perChannel = Math.log(2) * ctx.inputShape().channels();
            SDVariable logDet = ctx.graph().constant(ctx.scoped("ld"), Nd4j.scalar(ctx.dataType(), perChannel));
            return new FlowLayer() {
                public Flowed forward(SDVariable x) {
                    return new Flowed(x.mul(2.0), logDet);
                }

                public Flowed inverse(SDVariable y) {
                    return new Flowed(y.div(2.0), logDet.neg());
                }
            };
        }
    }

    /** Correct log-det, but the inverse is off by a small shift. */
    static final class WrongInverse implements Normalization {
        public String name() {
            return "wrong-inverse";
        }

        public String description() {
            return "inverse misses a 1e-3 shift";
        }

        public FlowLayer create(LayerContext ctx) {
            SDVariable zero = ctx.graph().constant(ctx.scoped("zero"), Nd4j.scalar(ctx.dataType(), 0.0));
            return new FlowLayer() {
                public Flowed forward(SDVariable x) {
                    return new Flowed(x.add(0.5), zero);
                }

                public Flowed inverse(SDVariable y) {
                    return new Flowed(y.sub(0.501), zero);
                }
            };
        }
    }

    @Test
    void aWrongLogDeterminantIsCaughtByTheFiniteDifferenceJacobian() {
        assertThatThrownBy(() -> LayerContract.verify("normalization", new WrongLogDet(), Map.of(), new TensorShape(4, 2, 2)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("finite differences");
    }

    @Test
    void aWrongInverseIsCaughtByTheRoundTrip() {
        assertThatThrownBy(() -> LayerContract.verify("normalization", new WrongInverse(), Map.of(), new TensorShape(4, 2, 2)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("inverse(forward(x)) = x");
    }
}
