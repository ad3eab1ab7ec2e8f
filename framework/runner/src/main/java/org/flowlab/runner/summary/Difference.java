package org.flowlab.runner.summary;

import java.util.Locale;

/**
 * A variant against the best value of its swept key: {@code difference} = variant − best (positive: the best is
 * ahead, lower bits/dim), with its 95 % confidence interval when one can be given.
 *
 * @param low            lower bound of the 95 % CI of the difference; NaN without an interval
 * @param degreesOfFreedom of the t quantile used (n − 1 paired, Welch–Satterthwaite unpaired); NaN without one
 * @param seedsCompared  paired: seeds with a result for both; unpaired: seeds of the variant (and see note)
 * @param seedsBestBetter paired: seeds where the best value was lower; −1 when not paired
 * @param seedOnly       the seed of a single-seed comparison (NO_INTERVAL), else −1
 */
public record Difference(String variant, String best, Method method, double difference, double low, double high,
                         double degreesOfFreedom, int seedsCompared, int seedsBestBetter, long seedOnly) {

    public enum Method {
        /** Paired by seed (and by the other swept keys): Student's t over the per-seed differences. */
        PAIRED,
        /** The seeds do not match: Welch's unequal-variance t interval over the two sets of per-seed values. */
        WELCH,
        /** One seed only: the difference, but no interval. */
        NO_INTERVAL,
        /** One side has no finished trial. */
        NOT_COMPARABLE
    }

    public boolean hasInterval() {
        return method == Method.PAIRED || method == Method.WELCH;
    }

    /** The interval excludes 0 (or, without an interval, never). */
    public boolean distinguishable() {
        return hasInterval() && (low > 0 || high < 0);
    }

    /**
     * A plain sentence: "conv1x1-lu is ahead of shuffle by 0.51 bits/dim, 95% CI [0.42, 0.60], 3 of 3 seeds".
     * Numbers are rounded to 2 decimals, 3 when the difference and the interval are below 0.1.
     */
    public String verdict() {
        if (method == Method.NOT_COMPARABLE) {
            return variant + " cannot be compared with " + best + ": one of them has no finished trial";
        }
        int decimals = Math.max(Math.abs(difference), hasInterval() ? high - low : 0) >= 0.0995 ? 2 : 3;
        if (method == Method.NO_INTERVAL) {
            String winner = difference >= 0 ? best : variant;
            String loser = difference >= 0 ? variant : best;
            return winner + " is ahead of " + loser + " by " + number(Math.abs(difference), decimals)
                    + " bits/dim " + (seedOnly >= 0 ? "on one seed (seed " + seedOnly + ")" : "on one seed each (not the same)")
                    + "; no interval can be given from one seed";
        }
        String seeds = method == Method.PAIRED ? ", " : ", unpaired (Welch: the seeds do not match)";
        if (low > 0) {
            return best + " is ahead of " + variant + " by " + number(difference, decimals) + " bits/dim, 95% CI ["
                    + number(low, decimals) + ", " + number(high, decimals) + "]"
                    + (method == Method.PAIRED ? seeds + seedsBestBetter + " of " + seedsCompared + " seeds" : seeds);
        }
        if (high < 0) { // possible when the pairs cover fewer seeds than the means
            return variant + " is ahead of " + best + " by " + number(-difference, decimals) + " bits/dim, 95% CI ["
                    + number(-high, decimals) + ", " + number(-low, decimals) + "]"
                    + (method == Method.PAIRED ? seeds + (seedsCompared - seedsBestBetter) + " of " + seedsCompared
                    + " seeds" : seeds);
        }
        return best + " and " + variant + " are not distinguishable: " + variant + " − " + best + " = "
                + number(difference, decimals) + " bits/dim, 95% CI [" + number(low, decimals) + ", "
                + number(high, decimals) + "] includes 0"
                + (method == Method.PAIRED ? ", " + best + " better on " + seedsBestBetter + " of " + seedsCompared
                + " seeds" : seeds);
    }

    static String number(double value, int decimals) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0\\.0*") ? text.substring(1) : text; // no "-0.00"
    }
}
