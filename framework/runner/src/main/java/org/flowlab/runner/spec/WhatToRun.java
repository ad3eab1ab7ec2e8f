package org.flowlab.runner.spec;

import org.flowlab.data.Datasets;

/**
 * An experiment must say which images it trains on and for how long: the two settings whose defaults would
 * decide the most without being read. A file that gives neither (an empty file, a misspelt section) would
 * otherwise start a whole epoch of full-size MNIST without a word. Everything else keeps its documented
 * default (the model defaults to Glow's). The planner asks only when nothing else is wrong, so a misspelt
 * {@code trian:} gets one message, not two.
 */
public final class WhatToRun {

    private static final String EXAMPLE = "; experiments/quickstart.yaml is a small complete example";

    private WhatToRun() {
    }

    /** Adds a problem for each of the two that neither the file, an override, a swept key nor an include gives. */
    public static void check(Experiment experiment, Problems problems) {
        Location where = Location.of(experiment.source());
        String datasets = String.join(", ", Datasets.names());
        boolean noData = !given(experiment, "dataset.name");
        boolean noLength = !given(experiment, "train.steps") && !given(experiment, "train.epochs");
        if (noData && noLength && saysNothing(experiment)) {
            problems.add(where, "", "the file is empty: an experiment file must give at least dataset.name (" + datasets
                    + ") and train.steps or train.epochs" + EXAMPLE);
            return;
        }
        if (noData) {
            problems.add(where, "dataset.name", "not given: say which images to train on (" + datasets
                    + "), e.g. dataset: {name: mnist}" + EXAMPLE);
        }
        if (noLength) {
            problems.add(where, "train", "gives neither steps nor epochs: say how long each trial trains, e.g. "
                    + "train: {steps: 600}" + EXAMPLE);
        }
    }

    private static boolean given(Experiment experiment, String path) {
        boolean inBase = experiment.base().field(path).map(f -> !Location.DEFAULT.equals(f.location())).orElse(false);
        SweepSpec sweep = experiment.sweep();
        return inBase || sweep.axes().stream().anyMatch(a -> a.key().equals(path))
                || sweep.include().stream().anyMatch(c -> c.values().containsKey(path));
    }

    /** Blank or comments only, and no overrides. */
    private static boolean saysNothing(Experiment experiment) {
        return experiment.overrides().isEmpty() && experiment.text().lines().map(String::strip)
                .allMatch(line -> line.isEmpty() || line.startsWith("#") || line.equals("---") || line.equals("..."));
    }
}
