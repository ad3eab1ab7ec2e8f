package org.flowlab.runner.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowlab.runner.run.Durations;

/**
 * The summary as a console table, markdown and CSV. Text forms round bits/dim to 4 decimals; the CSV keeps
 * full precision and one column per swept key, ready for pandas.
 */
public final class SummaryTables {

    private static final List<String> HEADERS = List.of("runs", "test bpd (mean ± std)", "best", "train bpd",
            "params", "time/trial");

    private SummaryTables() {
    }

    public static String text(SweepSummary summary) {
        List<List<String>> table = cells(summary, false);
        int[] widths = new int[table.get(0).size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < table.size(); r++) {
            List<String> row = table.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean left = i < table.get(0).size() - HEADERS.size();
                line.append(left ? pad(cell, widths[i]) : padLeft(cell, widths[i])).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w + 2;
                }
                out.append("-".repeat(Math.max(0, total - 2))).append('\n');
            }
        }
        out.append("* lowest mean test bits/dim; std over seeds (n−1); runs = finished/planned");
        return out.toString();
    }

    /** The per-combination table in markdown, with its legend. */
    public static String markdownTable(SweepSummary summary) {
        List<List<String>> table = cells(summary, true);
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", table.get(0))).append(" |\n");
        out.append("|");
        int keys = table.get(0).size() - HEADERS.size();
        for (int i = 0; i < table.get(0).size(); i++) {
            out.append(i < keys ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : table.subList(1, table.size())) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        out.append("\nBold: lowest mean test bits/dim. Mean ± sample standard deviation (n − 1) over seeds; "
                + "runs = finished/planned.\n");
        return out.toString();
    }

    public static String csv(SweepSummary summary) {
        List<String> header = new ArrayList<>(summary.sweptKeys());
        header.addAll(List.of("combination", "planned", "finished", "failed", "test_bpd_mean", "test_bpd_std",
                "test_bpd_best", "train_bpd_mean", "params", "seconds_per_trial", "test_bpd_ci95_low",
                "test_bpd_ci95_high"));
        StringBuilder out = new StringBuilder(String.join(",", header.stream().map(SummaryTables::csvCell).toList()))
                .append('\n');
        for (CombinationRow row : summary.rows()) {
            List<String> cells = new ArrayList<>();
            summary.sweptKeys().forEach(k -> cells.add(rawValue(row.swept().getOrDefault(k, ""))));
            cells.add(row.combination());
            cells.add(Integer.toString(row.planned()));
            cells.add(Integer.toString(row.finished()));
            cells.add(Integer.toString(row.failed()));
            cells.add(number(row.meanTestBpd()));
            cells.add(number(row.stdTestBpd()));
            cells.add(number(row.bestTestBpd()));
            cells.add(number(row.meanTrainBpd()));
            cells.add(Long.toString(row.parameterCount()));
            cells.add(number(row.meanSeconds()));
            double half = meanHalfWidth(row);
            cells.add(number(row.meanTestBpd() - half));
            cells.add(number(row.meanTestBpd() + half));
            out.append(String.join(",", cells.stream().map(SummaryTables::csvCell).toList())).append('\n');
        }
        return out.toString();
    }

    /** Half-width of the 95 % t interval of the combination's mean over its seeds; NaN with fewer than two. */
    static double meanHalfWidth(CombinationRow row) {
        return row.finished() < 2 ? Double.NaN
                : StudentT.quantile(0.975, row.finished() - 1) * row.stdTestBpd() / Math.sqrt(row.finished());
    }

    private static List<List<String>> cells(SweepSummary summary, boolean markdown) {
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(summary.sweptKeys().isEmpty() ? List.of("combination") : summary.sweptKeys());
        header.addAll(HEADERS);
        table.add(header);
        for (CombinationRow row : summary.rows()) {
            List<String> cells = new ArrayList<>();
            if (summary.sweptKeys().isEmpty()) {
                cells.add(row.combination().isEmpty() ? "(single)" : row.combination());
            } else {
                summary.sweptKeys().forEach(k -> cells.add(rawValue(row.swept().getOrDefault(k, ""))));
            }
            String runs = row.finished() + "/" + row.planned() + (row.failed() > 0 ? " (" + row.failed() + " failed)" : "");
            String mean = Double.isNaN(row.meanTestBpd()) ? "–" : fixed(row.meanTestBpd())
                    + (Double.isNaN(row.stdTestBpd()) ? "" : " ± " + fixed(row.stdTestBpd()));
            if (row.best()) {
                mean = markdown ? "**" + mean + "**" : mean + " *";
            }
            cells.add(runs);
            cells.add(mean);
            cells.add(Double.isNaN(row.bestTestBpd()) ? "–" : fixed(row.bestTestBpd()));
            cells.add(Double.isNaN(row.meanTrainBpd()) ? "–" : fixed(row.meanTrainBpd()));
            cells.add(row.parameterCount() == 0 ? "–" : humanCount(row.parameterCount()));
            cells.add(Double.isNaN(row.meanSeconds()) ? "–" : Durations.format(row.meanSeconds()));
            table.add(cells);
        }
        return table;
    }

    /** {@code lr=0.001} → {@code 0.001}: the column header already names the key. */
    private static String rawValue(String label) {
        int eq = label.indexOf('=');
        return eq >= 0 && !label.contains("(") ? label.substring(eq + 1) : label;
    }

    static String humanCount(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String number(double v) {
        // ten significant digits: full precision for bits/dim, without binary noise such as 43.047000000000004
        return Double.isNaN(v) ? "" : new java.math.BigDecimal(Double.toString(v))
                .round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString();
    }

    static String csvCell(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
