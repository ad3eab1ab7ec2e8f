package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.cli.UsageException;
import org.flowlab.cli.Wiring;
import org.flowlab.runner.run.DataPreflight;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.store.FolderPaths;
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

    /**
     * Prints one message per dataset of the plan whose files are missing or whose data folder is a file.
     *
     * @return 0 when all data is there; 2 when a data folder is a file (a setting to fix); 1 when files are missing
     */
    static int reportDataProblems(SweepPlan plan, PrintStream err) {
        return reportDataProblems(DataPreflight.check(plan), err);
    }

    /** As above, for findings made elsewhere (a launcher checks where its trials will run). */
    static int reportDataProblems(DataPreflight.Findings findings, PrintStream err) {
        findings.all().forEach(err::println);
        return !findings.badFolders().isEmpty() ? FlowLabCli.USAGE : findings.isEmpty() ? FlowLabCli.OK : FlowLabCli.FAILED;
    }

    /**
     * The run store folder of {@code --store} (default {@code runs}).
     *
     * @throws UsageException when it is a file or lies inside one: "cannot lock" would not say why
     */
    static Path store(CommandLine line) {
        Path store = Path.of(line.getOptionValue("store", "runs"));
        FolderPaths.whyNotAFolder(store).ifPresent(why -> {
            throw new UsageException("--store " + store + " " + why + ": the run store is a folder (default: runs), "
                    + "created on first use");
        });
        return store;
    }
}
