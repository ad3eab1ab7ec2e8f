package org.flowlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The tolerances of the contract, in one place. */
public final class Checks {

    /** inverse(forward(x)) = x, float32, max absolute error. */
    public static final double ROUND_TRIP = 1e-4;
    /** log|det J| against finite differences, relative (absolute when the log-det is near 0). */
    public static final double JACOBIAN_RELATIVE = 1e-3;

    private Checks() {
    }

    public static double maxAbsDifference(INDArray a, INDArray b) {
        return Transforms.abs(a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE))).maxNumber().doubleValue();
    }

    public static void assertFinite(String what, INDArray values) {
        INDArray d = values.castTo(DataType.DOUBLE);
        assertThat(d.isNaN().any() || d.isInfinite().any()).as("%s must be finite, got %s", what, values).isFalse();
    }

    public static void assertLogDetMatches(String what, double analytic, double bruteForce) {
        double tolerance = JACOBIAN_RELATIVE * Math.max(1.0, Math.abs(bruteForce));
        assertThat(analytic).as("%s: log|det J| against finite differences (%s)", what, bruteForce)
                .isCloseTo(bruteForce, within(tolerance));
    }
}
