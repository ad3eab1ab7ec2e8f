package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.flowlab.cli.Wiring;
import org.flowlab.runner.run.DataPreflight;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.sweep.SweepPlanner;

/** Loading and planning an experiment file the same way for every command. */
final class ExperimentFiles {

    private ExperimentFiles() {
    }

    /** @throws org.flowlab.runner.spec.InvalidExperimentException with every problem of file and overrides */
    static SweepPlan plan(String file, List<String> overrides) {
        Experiment experiment = new ExperimentLoader(Wiring.registry()).load(Path.of(file), overrides);
        return new SweepPlanner(Wiring.registry()).plan(experiment);
    }

    /** Prints one message per dataset of the plan whose files are missing; returns whether there was any. */
    static boolean reportMissingData(SweepPlan plan, PrintStream err) {
        List<String> problems = DataPreflight.problems(plan);
        problems.forEach(err::println);
        return !problems.isEmpty();
    }
}
