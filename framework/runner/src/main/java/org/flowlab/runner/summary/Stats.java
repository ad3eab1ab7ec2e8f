package org.flowlab.runner.summary;

/** The few statistics a summary needs; NaN when there is nothing to compute them from. */
final class Stats {

    private Stats() {
    }

    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (Bessel-corrected): seeds are a sample of the seed distribution. */
    static double sampleStd(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    static double min(double[] values) {
        double min = Double.NaN;
        for (double v : values) {
            if (Double.isNaN(min) || v < min) {
                min = v;
            }
        }
        return min;
    }
}
