package org.flowlab.runner.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link SweepStatistics} as text for the console, a section of {@code summary.md} and {@code comparisons.csv}.
 */
public final class VerdictReport {

    static final String FINAL = "final test bits/dim";
    static final String CURVE = "area under the test curve";

    private VerdictReport() {
    }

    public static String text(SweepStatistics stats) {
        if (stats.finalTestBpd().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("Which value wins — " + FINAL
                + " (lower is better), 95% CI of each difference to the best:\n");
        for (KeyComparison comparison : stats.finalTestBpd()) {
            appendText(out, comparison);
        }
        if (!stats.curveArea().isEmpty()) {
            out.append("Over the whole test curve — mean test bits/dim over ").append(span(stats)).append(":\n");
            stats.curveArea().forEach(c -> appendText(out, c));
        }
        out.append(stats.exclusions()).append('\n');
        return out.toString();
    }

    private static void appendText(StringBuilder out, KeyComparison comparison) {
        out.append("  ").append(comparison.key()).append(": ");
        List<String> means = new ArrayList<>();
        comparison.variants().forEach(v -> means.add(v.variant() + " " + meanStd(v)));
        out.append(String.join(" | ", means)).append('\n');
        comparison.verdicts().forEach(v -> out.append("    ").append(v).append('\n'));
    }

    public static String markdown(SweepStatistics stats) {
        if (stats.finalTestBpd().isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Which value wins, and how sure we are\n\n");
        md.append("Per swept key, each value's ").append(FINAL).append(" over the seeds (mean ± std of the per-seed ")
                .append("means over the other keys' combinations), and its difference to the best value with a 95% ")
                .append("confidence interval — paired by seed where the seeds match, Welch's otherwise. ")
                .append("The method: experiments/README.md, \"How the summary decides a winner\". ")
                .append(stats.exclusions()).append(".\n\n");
        stats.finalTestBpd().forEach(c -> appendMarkdown(md, c, FINAL));
        if (!stats.curveArea().isEmpty()) {
            md.append("### Over the whole test curve\n\nAblations stop early, so the same comparison on the area under ")
                    .append("the test curve: the mean test bits/dim over ").append(span(stats))
                    .append(", by the trapezoid rule divided by the step span.\n\n");
            stats.curveArea().forEach(c -> appendMarkdown(md, c, CURVE));
        }
        return md.toString();
    }

    private static void appendMarkdown(StringBuilder md, KeyComparison comparison, String measure) {
        md.append("**`").append(comparison.key()).append("`** — ").append(measure).append("\n\n");
        md.append("| value | seeds | mean ± std | − best | 95% CI | seeds best better |\n|---|---:|---:|---:|---|---:|\n");
        for (VariantStats v : comparison.variants()) {
            Optional<Difference> d = comparison.differences().stream().filter(x -> x.variant().equals(v.variant())).findFirst();
            boolean best = v.variant().equals(comparison.best());
            md.append("| ").append(best ? "**" + v.variant() + "**" : v.variant()).append(" | ").append(v.seeds())
                    .append(" | ").append(meanStd(v)).append(" | ");
            if (best) {
                md.append("best | | |\n");
            } else if (d.isPresent() && d.get().method() != Difference.Method.NOT_COMPARABLE) {
                Difference x = d.get();
                md.append(signed(x.difference())).append(" | ")
                        .append(x.hasInterval() ? "[" + signed(x.low()) + ", " + signed(x.high()) + "]"
                                + (x.method() == Difference.Method.WELCH ? " Welch" : "") : "none (one seed)")
                        .append(" | ").append(x.seedsBestBetter() >= 0 ? x.seedsBestBetter() + "/" + x.seedsCompared() : "")
                        .append(" |\n");
            } else {
                md.append("– | | |\n");
            }
        }
        md.append('\n');
        comparison.verdicts().forEach(v -> md.append("- ").append(v).append('\n'));
        md.append('\n');
    }

    /** One row per (measure, key, value): ready for pandas, full precision. */
    public static String csv(SweepStatistics stats) {
        StringBuilder out = new StringBuilder("measure,key,value,seeds,mean,std,best,difference,ci_low,ci_high,method,"
                + "df,seeds_compared,seeds_best_better,verdict\n");
        for (KeyComparison c : stats.finalTestBpd()) {
            appendCsv(out, "final_test_bpd", c);
        }
        for (KeyComparison c : stats.curveArea()) {
            appendCsv(out, "test_bpd_curve_area", c);
        }
        return out.toString();
    }

    private static void appendCsv(StringBuilder out, String measure, KeyComparison c) {
        for (VariantStats v : c.variants()) {
            Optional<Difference> d = c.differences().stream().filter(x -> x.variant().equals(v.variant())).findFirst();
            List<String> cells = new ArrayList<>(List.of(measure, c.key(), v.variant(), Integer.toString(v.seeds()),
                    SummaryTables.number(v.mean()), SummaryTables.number(v.std()), c.best() == null ? "" : c.best()));
            if (d.isPresent()) {
                Difference x = d.get();
                cells.addAll(List.of(SummaryTables.number(x.difference()), SummaryTables.number(x.low()),
                        SummaryTables.number(x.high()), x.method().name().toLowerCase(Locale.ROOT),
                        SummaryTables.number(x.degreesOfFreedom()), Integer.toString(x.seedsCompared()),
                        x.seedsBestBetter() >= 0 ? Integer.toString(x.seedsBestBetter()) : "", x.verdict()));
            } else {
                cells.addAll(List.of("", "", "", "", "", "", "", ""));
            }
            out.append(String.join(",", cells.stream().map(SummaryTables::csvCell).toList())).append('\n');
        }
    }

    static String meanStd(VariantStats v) {
        if (Double.isNaN(v.mean())) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.4f", v.mean())
                + (Double.isNaN(v.std()) ? " (1 seed)" : String.format(Locale.ROOT, " ± %.4f", v.std()));
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }

    private static String span(SweepStatistics stats) {
        List<Long> steps = stats.curveSteps();
        return steps.size() == 1 ? "step " + steps.get(0)
                : "steps " + steps.get(0) + "–" + steps.get(steps.size() - 1) + " (" + steps.size() + " evaluations)";
    }
}
