package org.flowlab.plugins.couplings;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The monotone rational-quadratic spline of Neural Spline Flows (Durkan et al. 2019) on [−B, B] with linear
 * tails (the identity outside), built from SameDiff ops: the same formulas as nflows'
 * {@code unconstrained_rational_quadratic_spline(tails="linear")}, which the fixture test compares against.
 *
 * <p>Each element x has its own spline, given by K unnormalised widths, K unnormalised heights and K−1
 * unnormalised interior derivatives along a last axis (the two boundary derivatives are 1, so the spline
 * joins the identity tails smoothly). Widths and heights are softmaxed with a minimum of 1e-3 of the interval
 * each, derivatives are 1e-3 + softplus.
 *
 * <p>Why it looks like this: the training step is compiled into a fixed schedule of native ops, so there are
 * no boolean indexing or data-dependent shapes. Every element is evaluated by the spline (those outside the
 * interval at 0, then discarded by a 0/1 mask); the bin search is a comparison against the left knots, and
 * the "gather" of a bin's values is a one-hot product summed over the bins. The one-hot masks come from
 * comparisons, which have no gradient, as in nflows' searchsorted. The inverse is the closed-form root of the
 * quadratic, no iteration.
 */
final class RationalQuadraticSpline {

    static final double MIN_BIN_WIDTH = 1e-3;
    static final double MIN_BIN_HEIGHT = 1e-3;
    static final double MIN_DERIVATIVE = 1e-3;
    /** An unnormalised derivative of this value gives derivative exactly 1 (nflows' linear-tail constant). */
    static final double IDENTITY_DERIVATIVE = Math.log(Math.expm1(1 - MIN_DERIVATIVE));

    /** Unnormalised parameters of M elements: [M, K], [M, K] and [M, K−1]. */
    record Parameters(SDVariable widths, SDVariable heights, SDVariable derivatives) {
    }

    /** The transformed values and the elementwise log|dy/dx| (of the direction applied). */
    record Result(SDVariable value, SDVariable logDet) {
    }

    private final SameDiff sd;
    private final int bins;
    private final double bound;

    RationalQuadraticSpline(SameDiff sd, int bins, double tailBound) {
        if (bins < 2 || MIN_BIN_WIDTH * bins > 1.0) {
            throw new IllegalArgumentException("a spline needs 2 to 1000 bins, got " + bins);
        }
        this.sd = sd;
        this.bins = bins;
        this.bound = tailBound;
    }

    /** y = spline(x) inside [−B, B], x outside, for x of shape [M]. */
    Result forward(SDVariable x, Parameters p) {
        return apply(x, p, false);
    }

    /** x = spline⁻¹(y) inside [−B, B], y outside, and log|dx/dy|. */
    Result inverse(SDVariable y, Parameters p) {
        return apply(y, p, true);
    }

    private Result apply(SDVariable input, Parameters p, boolean inverse) {
        // 1 inside the interval (its ends included, as in nflows), 0 outside; outside values become 0 so that
        // the spline, evaluated everywhere, stays finite there.
        SDVariable inside = sd.math().abs(input).lte(bound).castTo(input.dataType());
        SDVariable in = input.mul(inside);
        SDVariable column = sd.expandDims(in, 1); // [M, 1]
        // zerosLike, not onesLike: SameDiff's graph copy (for the gradient) warns about every onesLike op.
        SDVariable zeros = sd.zerosLike(column);
        SDVariable ones = zeros.add(1.0);

        Bins widths = bins(p.widths(), MIN_BIN_WIDTH);
        Bins heights = bins(p.heights(), MIN_BIN_HEIGHT);
        // The derivatives at all K+1 knots: 1 at ±B (the linear tails' slope), 1e-3 + softplus inside.
        SDVariable derivatives = sd.concat(1, ones, sd.nn().softplus(p.derivatives()).add(MIN_DERIVATIVE), ones);

        // searchsorted: the bin is the number of left knots at or below the input, minus one (the first
        // knot, −B, is at or below every input inside); one-hot = [x ≥ knot k] − [x ≥ knot k+1]. Comparisons
        // have no gradient, so none of the one-hot's ops is differentiated.
        SDVariable atOrAbove = column.gte(inverse ? heights.knots() : widths.knots()).castTo(input.dataType());
        SDVariable oneHot = atOrAbove.sub(sd.concat(1, slice(atOrAbove, 1, bins), zeros));

        SDVariable cumWidth = gather(widths.knots(), oneHot);
        SDVariable width = gather(widths.sizes(), oneHot);
        SDVariable cumHeight = gather(heights.knots(), oneHot);
        SDVariable height = gather(heights.sizes(), oneHot);
        SDVariable delta = height.div(width);
        SDVariable d0 = gather(derivatives, sd.concat(1, oneHot, zeros));
        SDVariable d1 = gather(derivatives, sd.concat(1, zeros, oneHot));
        SDVariable curvature = d0.add(d1).sub(delta.mul(2));

        SDVariable theta;
        SDVariable value;
        if (inverse) {
            SDVariable above = in.sub(cumHeight);
            SDVariable aboveCurvature = above.mul(curvature);
            SDVariable a = aboveCurvature.add(height.mul(delta.sub(d0)));
            SDVariable b = height.mul(d0).sub(aboveCurvature);
            SDVariable c = delta.mul(above).neg();
            // Rounding can push a zero discriminant (at the knots) just below 0.
            SDVariable discriminant = sd.nn().relu(b.mul(b).sub(a.mul(c).mul(4)), 0);
            theta = c.mul(2).div(b.neg().sub(sd.math().sqrt(discriminant)));
            value = theta.mul(width).add(cumWidth);
        } else {
            theta = in.sub(cumWidth).div(width);
            value = null;
        }
        SDVariable oneMinus = theta.rsub(1.0);
        SDVariable thetaOneMinusTheta = theta.mul(oneMinus);
        SDVariable thetaSquared = theta.mul(theta);
        SDVariable denominator = delta.add(curvature.mul(thetaOneMinusTheta));
        if (!inverse) {
            SDVariable numerator = height.mul(delta.mul(thetaSquared).add(d0.mul(thetaOneMinusTheta)));
            value = cumHeight.add(numerator.div(denominator));
        }
        SDVariable derivativeNumerator = delta.mul(delta).mul(d1.mul(thetaSquared)
                .add(delta.mul(thetaOneMinusTheta).mul(2)).add(d0.mul(oneMinus.mul(oneMinus))));
        SDVariable logDet = sd.math().log(derivativeNumerator.div(denominator.mul(denominator)));
        if (inverse) {
            logDet = logDet.neg();
        }
        SDVariable outside = inside.rsub(1.0);
        return new Result(value.mul(inside).add(input.mul(outside)), logDet.mul(inside));
    }

    /**
     * Bin sizes on [−B, B] (at least {@code minimum} of the interval each) and the left knot of every bin, [M, K]
     * each. nflows takes a bin's size as the difference of its knots, with the last knot set to B; here it is the
     * size itself, which differs by rounding only (the last knot is B within 1e-7 in float32) and saves a slice
     * and a concatenation, and their gradients, per use.
     */
    private record Bins(SDVariable sizes, SDVariable knots) {
    }

    private Bins bins(SDVariable unnormalised, double minimum) {
        SDVariable sizes = sd.nn().softmax(unnormalised, 1).mul(2 * bound * (1 - minimum * bins)).add(2 * bound * minimum);
        return new Bins(sizes, sizes.mmul(exclusiveCumsum(unnormalised.dataType())).sub(bound));
    }

    /** Knot k = −B + 2B·(size[0] + … + size[k−1]) for k = 0 … K−1 (for tests: the bin edges of a spline). */
    SDVariable leftKnots(SDVariable unnormalised, double minimum) {
        return bins(unnormalised, minimum).knots();
    }

    /**
     * The strictly upper triangular ones [K, K]: sizes · U is the exclusive cumulative sum along the bins. ND4J's
     * cumsum over the last axis of [M, K] runs one tiny loop per row (41 ms per call on the bench configuration,
     * a quarter of its step); the matrix product is one GEMM, and so is its gradient.
     */
    private SDVariable exclusiveCumsum(DataType type) {
        double[][] upper = new double[bins][bins];
        for (int j = 0; j < bins; j++) {
            for (int k = j + 1; k < bins; k++) {
                upper[j][k] = 1;
            }
        }
        return sd.constant(Nd4j.createFromArray(upper).castTo(type));
    }

    /** The value of the bin the one-hot selects: [M, K] → [M]. */
    private static SDVariable gather(SDVariable values, SDVariable oneHot) {
        return values.mul(oneHot).sum(1);
    }

    private static SDVariable slice(SDVariable x, int from, int to) {
        return x.get(SDIndex.all(), SDIndex.interval(from, to));
    }
}
