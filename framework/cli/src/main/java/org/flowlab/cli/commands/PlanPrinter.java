package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/** What a sweep will do, before it does it: used by {@code run} (header), {@code run --dry-run} and {@code validate}. */
final class PlanPrinter {

    private PlanPrinter() {
    }

    static void header(SweepPlan plan, PrintStream out) {
        int combinations = plan.byCombination().size();
        int trials = plan.trials().size();
        int seeds = combinations == 0 ? 0 : trials / combinations;
        String shape = trials == combinations ? trials + (trials == 1 ? " trial" : " trials")
                : trials + " trials = " + combinations + " combinations × " + seeds + " seeds";
        out.println("experiment " + plan.experiment().name() + " (" + plan.experiment().source() + "): " + shape);
        plan.notices().forEach(n -> out.println("note: " + n));
    }

    static void details(SweepPlan plan, RunStore store, PrintStream out) {
        out.println();
        out.println("settings shared by every trial:");
        Map<String, String> shared = plan.sharedSettings();
        int width = shared.keySet().stream().mapToInt(String::length).max().orElse(10);
        shared.forEach((k, v) -> out.println("  " + k + " ".repeat(width - k.length()) + "  " + v));
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "run name", "trial id", "in " + store.root().getFileName()});
        for (PlannedTrial trial : plan.trials()) {
            String status = store.trial(plan.experiment().name(), trial.trialId())
                    .map(PlanPrinter::status).orElse("new");
            rows.add(new String[] {Integer.toString(trial.index() + 1), trial.runName(), trial.trialId(), status});
        }
        int[] widths = new int[4];
        rows.forEach(r -> {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            out.println(String.format("  %" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s",
                    r[0], r[1], r[2], r[3]));
        }
    }

    private static String status(StoredTrial trial) {
        return switch (trial.status()) {
            case FINISHED -> "finished (will be skipped)";
            case RUNNING -> "running now in another process";
            case FAILED -> trial.damaged() ? "damaged (will run again): " + trial.damage().describe()
                    : "failed before (will run again): " + trial.failureReason();
        };
    }
}
