package org.flowlab.cli.commands;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.launch.LaunchSettingsReader;
import org.flowlab.runner.launch.Launchers;
import org.flowlab.runner.spec.InvalidExperimentException;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.sweep.SweepPlan;

/** {@code flowlab validate FILE}: every problem at once, or the plan; never trains. */
public final class ValidateCommand implements Subcommand {

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "check an experiment file (and overrides) and show the trials it plans";
    }

    @Override
    public String usage() {
        return "FILE [--set key.path=value]... [--store DIR]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("set").hasArg().argName("key.path=value")
                        .desc("override a setting, as for run (repeatable)").build())
                .addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                        .desc("run store to compare the plan with (default: runs)").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) {
        String file = Arguments.singleFile(line);
        RunStore store = RunStore.open(ExperimentFiles.store(line));
        SweepPlan plan;
        try {
            plan = ExperimentFiles.plan(file, Arguments.overrides(line));
            LaunchSettingsReader.read(plan.experiment(), null, null, false, Launchers.discover());
        } catch (InvalidExperimentException e) {
            err.println(e.getMessage());
            return FlowLabCli.USAGE;
        }
        PlanPrinter.header(plan, out);
        PlanPrinter.details(plan, store, out);
        out.println();
        int data = ExperimentFiles.reportDataProblems(plan, err);
        if (data == FlowLabCli.USAGE) {
            err.println(file + ": not valid: the data folder above is not a folder");
            return data;
        }
        if (data != FlowLabCli.OK) {
            err.println(file + ": valid, but `flowlab run` would stop: the data above is missing");
            return data;
        }
        out.println(file + ": valid");
        return FlowLabCli.OK;
    }
}
