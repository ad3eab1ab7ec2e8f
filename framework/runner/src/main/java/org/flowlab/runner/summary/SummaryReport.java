package org.flowlab.runner.summary;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowlab.runner.run.Durations;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/**
 * {@code summary.md}: what a reader of the sweep folder (or of the MLflow parent run) needs on one page — what
 * was run and from which code, the table per combination, the charts, and every trial with its outcome.
 */
public final class SummaryReport {

    /** The folder of the sweep (and of the MLflow run's artifacts) holding the charts summary.md links. */
    public static final String CHARTS = "charts";

    private SummaryReport() {
    }

    /** @param charts file names of the charts written into {@link #CHARTS} (only those are linked) */
    public static String markdown(SweepPlan plan, SweepSummary summary, SweepStatistics statistics,
                                  Map<String, StoredTrial> trials, SweepInfo sweep, List<String> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(plan.experiment().name()).append(" — sweep ").append(sweep.sweepId()).append("\n\n");
        if (!plan.experiment().description().isBlank()) {
            md.append(plan.experiment().description()).append("\n\n");
        }
        md.append("- experiment file: `").append(plan.experiment().source()).append("` (sha256 ")
                .append(plan.experiment().fileSha256(), 0, 12).append(")\n");
        if (!plan.experiment().overrides().isEmpty()) {
            md.append("- overrides: `").append(String.join(" ", plan.experiment().overrides().stream()
                    .map(o -> "--set " + o).toList())).append("`\n");
        }
        md.append("- code: git ").append(sweep.tags().getOrDefault("git.commit", "unknown"))
                .append("true".equals(sweep.tags().get("git.dirty")) ? " (uncommitted changes)" : "")
                .append(", flowlab ").append(sweep.tags().getOrDefault("flowlab.version", "?"))
                .append(", on ").append(sweep.tags().getOrDefault("host", "?")).append('\n');
        md.append("- started: ").append(sweep.startedAt()).append("\n\n");

        md.append("## Final test bits/dim per combination\n\n");
        md.append(SummaryTables.markdownTable(summary)).append('\n');
        for (String chart : charts) {
            md.append("![").append(chart.replace(".png", "").replace("-bpd", " bits/dim")).append("](")
                    .append(CHARTS).append('/').append(chart).append(")\n\n");
        }
        md.append(VerdictReport.markdown(statistics));

        md.append("## Settings shared by every trial\n\n");
        plan.sharedSettings().forEach((key, value) -> md.append("- `").append(key).append("`: ").append(value).append('\n'));

        md.append("\n## Trials\n\n| run | trial id | status | test bpd | train bpd | steps | time | note |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (PlannedTrial planned : plan.trials()) {
            StoredTrial t = trials.get(planned.trialId());
            md.append("| ").append(planned.runName()).append(" | `").append(planned.trialId()).append("` | ");
            if (t == null) {
                md.append("not run | | | | | |\n");
                continue;
            }
            md.append(t.status());
            if (t.status() == TrialStatus.FINISHED && t.outcome() != null) {
                md.append(String.format(Locale.ROOT, " | %.4f | %.4f | %d | %s | ", t.outcome().finalTestBpd(),
                        t.outcome().finalTrainBpd(), t.outcome().steps(), Durations.format(t.outcome().seconds())));
            } else {
                md.append(" | | | | | ");
            }
            String note = t.failureReason() != null ? t.failureReason().replace("|", "\\|")
                    : !t.info().sweepId().equals(sweep.sweepId()) ? "finished by sweep " + t.info().sweepId() : "";
            md.append(note).append(t.attempt() > 1 ? " (attempt " + t.attempt() + ")" : "").append(" |\n");
        }
        return md.toString();
    }
}
