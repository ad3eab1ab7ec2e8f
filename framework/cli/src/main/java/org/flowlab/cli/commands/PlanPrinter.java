package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.flowlab.api.config.TrainConfig;
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
        out.println("training: " + training(plan));
        plan.notices().forEach(n -> out.println("note: " + n));
    }

    /**
     * How much training the plan asks for, so that a file never starts more than its author expects: optimiser
     * steps per trial and in all, or epochs where the step count depends on the split's size.
     */
    static String training(SweepPlan plan) {
        List<PlannedTrial> trials = plan.trials();
        int n = trials.size();
        String count = n + (n == 1 ? " trial" : " trials");
        List<Long> steps = trials.stream().map(PlanPrinter::steps).toList();
        TreeSet<Integer> batches = new TreeSet<>(trials.stream().map(t -> t.config().train().batchSize()).toList());
        String batch = batches.size() == 1 ? batches.first() + " images"
                : batches.first() + "–" + batches.last() + " images";
        if (steps.stream().allMatch(java.util.Objects::nonNull)) {
            long total = steps.stream().mapToLong(Long::longValue).sum();
            long min = steps.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = steps.stream().mapToLong(Long::longValue).max().orElse(0);
            String each = min == max ? " × " + min + " steps of " + batch : ", " + min + "–" + max + " steps each of " + batch;
            return count + each + " = " + total + " steps in all";
        }
        TreeSet<Integer> epochs = new TreeSet<>(trials.stream().map(t -> t.config().train().epochs())
                .filter(java.util.Objects::nonNull).toList());
        TreeSet<String> datasets = new TreeSet<>(trials.stream().map(t -> t.config().data().name()).toList());
        return count + " × " + (epochs.size() == 1 ? epochs.first() + (epochs.first() == 1 ? " epoch" : " epochs")
                : epochs.first() + "–" + epochs.last() + " epochs") + " of the whole " + String.join("/", datasets)
                + " training split, in batches of " + batch;
    }

    /** Optimiser steps of one trial, or null when they depend on the size of a whole split (epochs, no trainSize). */
    private static Long steps(PlannedTrial trial) {
        TrainConfig train = trial.config().train();
        if (train.steps() != null) {
            return (long) train.steps();
        }
        Integer size = trial.config().data().trainSize();
        return size == null ? null : (long) train.epochs() * (size / train.batchSize()); // as the trainer counts them
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
