package org.flowlab.runner.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flowlab.runner.summary.Difference.Method;

/**
 * Compares the values of one swept key (experiments/README.md, "How the summary decides a winner").
 *
 * <p>In a grid every value of key K ran with every combination of the other keys and every seed, so two values
 * are compared <em>paired</em>: for each seed, the differences between trials that agree on every other swept
 * key, averaged over those combinations, then a Student t interval over the seeds (n − 1 degrees of freedom).
 * Pairing removes what a seed does to every variant alike (initialisation, batch order), which is usually the
 * largest source of spread. Where fewer than two seeds have a pair (failed trials, different seeds) but both
 * values have two or more seeds, the per-seed values are compared unpaired with Welch's interval.
 */
public final class VariantComparison {

    static final double LEVEL = 0.95;

    private VariantComparison() {
    }

    /**
     * @param values the key's values in sweep order (a value without observations is reported, not dropped)
     */
    public static KeyComparison compare(String key, List<String> values, List<Observation> observations) {
        // value → seed → the other keys' combination → observation value
        Map<String, TreeMap<Long, Map<String, Double>>> table = new LinkedHashMap<>();
        values.forEach(v -> table.put(v, new TreeMap<>()));
        for (Observation o : observations) {
            String value = o.swept().get(key);
            if (value == null || !Double.isFinite(o.value())) {
                continue;
            }
            table.computeIfAbsent(value, v -> new TreeMap<>()).computeIfAbsent(o.seed(), s -> new LinkedHashMap<>())
                    .put(others(key, o.swept()), o.value());
        }
        List<VariantStats> stats = new ArrayList<>();
        String best = null;
        double bestMean = Double.NaN;
        for (Map.Entry<String, TreeMap<Long, Map<String, Double>>> entry : table.entrySet()) {
            double[] perSeed = perSeedMeans(entry.getValue());
            double mean = Stats.mean(perSeed);
            stats.add(new VariantStats(entry.getKey(), perSeed.length, mean, Stats.sampleStd(perSeed)));
            if (!Double.isNaN(mean) && (best == null || mean < bestMean)) {
                best = entry.getKey();
                bestMean = mean;
            }
        }
        List<Difference> differences = new ArrayList<>();
        if (best != null) {
            for (String value : table.keySet()) {
                if (!value.equals(best)) {
                    differences.add(difference(value, best, table.get(value), table.get(best)));
                }
            }
        }
        return new KeyComparison(key, stats, best, differences);
    }

    static Difference difference(String variant, String best, TreeMap<Long, Map<String, Double>> of,
                                 TreeMap<Long, Map<String, Double>> against) {
        // Paired: per seed, the mean difference over the other keys' combinations both have.
        TreeMap<Long, Double> paired = new TreeMap<>();
        for (Map.Entry<Long, Map<String, Double>> seed : of.entrySet()) {
            Map<String, Double> bestSeed = against.get(seed.getKey());
            if (bestSeed == null) {
                continue;
            }
            double sum = 0;
            int n = 0;
            for (Map.Entry<String, Double> combo : seed.getValue().entrySet()) {
                Double b = bestSeed.get(combo.getKey());
                if (b != null) {
                    sum += combo.getValue() - b;
                    n++;
                }
            }
            if (n > 0) {
                paired.put(seed.getKey(), sum / n);
            }
        }
        double[] d = paired.values().stream().mapToDouble(Double::doubleValue).toArray();
        if (d.length >= 2) {
            double mean = Stats.mean(d);
            double half = StudentT.quantile(0.5 + LEVEL / 2, d.length - 1) * Stats.sampleStd(d) / Math.sqrt(d.length);
            int bestBetter = (int) paired.values().stream().filter(x -> x > 0).count();
            return new Difference(variant, best, Method.PAIRED, mean, mean - half, mean + half, d.length - 1,
                    d.length, bestBetter, -1);
        }
        double[] x = perSeedMeans(of);
        double[] y = perSeedMeans(against);
        if (x.length >= 2 && y.length >= 2) {
            return welch(variant, best, x, y);
        }
        if (d.length == 1) {
            return new Difference(variant, best, Method.NO_INTERVAL, d[0], Double.NaN, Double.NaN, Double.NaN, 1,
                    d[0] > 0 ? 1 : 0, paired.firstKey());
        }
        if (x.length >= 1 && y.length >= 1) { // one seed each, and not the same one
            return new Difference(variant, best, Method.NO_INTERVAL, Stats.mean(x) - Stats.mean(y), Double.NaN,
                    Double.NaN, Double.NaN, 1, -1, -1);
        }
        return new Difference(variant, best, Method.NOT_COMPARABLE, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                -1, -1);
    }

    /** Welch's interval for mean(x) − mean(y), Welch–Satterthwaite degrees of freedom. */
    static Difference welch(String variant, String best, double[] x, double[] y) {
        double vx = square(Stats.sampleStd(x)) / x.length;
        double vy = square(Stats.sampleStd(y)) / y.length;
        double se = Math.sqrt(vx + vy);
        double df = se == 0 ? x.length + y.length - 2
                : square(vx + vy) / (square(vx) / (x.length - 1) + square(vy) / (y.length - 1));
        double mean = Stats.mean(x) - Stats.mean(y);
        double half = StudentT.quantile(0.5 + LEVEL / 2, df) * se;
        return new Difference(variant, best, Method.WELCH, mean, mean - half, mean + half, df, x.length, -1, -1);
    }

    /** Per seed (ascending), the mean over the other keys' combinations that seed has. */
    static double[] perSeedMeans(TreeMap<Long, Map<String, Double>> bySeed) {
        return bySeed.values().stream()
                .mapToDouble(combos -> combos.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                .toArray();
    }

    private static String others(String key, Map<String, String> swept) {
        StringBuilder label = new StringBuilder();
        new TreeSet<>(swept.keySet()).stream().filter(k -> !k.equals(key))
                .forEach(k -> label.append(k).append('=').append(swept.get(k)).append('\u0000'));
        return label.toString();
    }

    private static double square(double v) {
        return v * v;
    }
}
