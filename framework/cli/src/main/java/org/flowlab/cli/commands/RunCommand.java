package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.cli.UsageException;
import org.flowlab.cli.Wiring;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.launch.LaunchException;
import org.flowlab.runner.launch.LaunchSettings;
import org.flowlab.runner.launch.LaunchSettingsReader;
import org.flowlab.runner.launch.Launcher;
import org.flowlab.runner.launch.Launchers;
import org.flowlab.runner.provenance.Provenance;
import org.flowlab.runner.run.ConsoleProgress;
import org.flowlab.runner.run.Nd4jThreads;
import org.flowlab.runner.run.SweepResult;
import org.flowlab.runner.run.SweepRunner;
import org.flowlab.runner.spec.InvalidExperimentException;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoreBusyException;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.tracking.Tracker;
import org.flowlab.runner.tracking.Trackers;

/** {@code flowlab run FILE}: validate, plan, run (resuming), summarise. */
public final class RunCommand implements Subcommand {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run an experiment's sweep (re-running resumes: finished trials are skipped)";
    }

    @Override
    public String usage() {
        return "FILE [--set key.path=value]... [--parallel N] [--store DIR] [--tracking-uri URI] [--dry-run]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("set").hasArg().argName("key.path=value")
                        .desc("override a setting before the sweep is expanded, typed and validated like the file "
                                + "(repeatable), e.g. --set train.lr=5e-4 --set sweep.seeds=[1]").build())
                .addOption(Option.builder().longOpt("parallel").hasArg().argName("N")
                        .desc("trials run at once (default 1); each gets cores/N ND4J threads").build())
                .addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                        .desc("local run store (default: runs)").build())
                .addOption(Option.builder().longOpt("tracking-uri").hasArg().argName("URI")
                        .desc("also mirror to this MLflow server, http://HOST:PORT (default: $MLFLOW_TRACKING_URI)")
                        .build())
                .addOption(Option.builder().longOpt("launcher").hasArg().argName("NAME")
                        .desc("where trials run: local (default, this machine) or an installed cluster launcher such as "
                                + "spark; also the experiment file's launcher: block (see flowlab plugins)").build())
                .addOption(Option.builder().longOpt("master").hasArg().argName("URL")
                        .desc("the cluster launcher's master: spark://HOST:7077 (standalone) or local[N]")
                        .build())
                .addOption(Option.builder().longOpt("ship-data")
                        .desc("send the dataset files with the job instead of reading dataset.dataDir on each worker")
                        .build())
                .addOption(Option.builder().longOpt("dry-run")
                        .desc("print the planned trials and what the store already has, then stop").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) {
        String file = Arguments.singleFile(line);
        int parallel = Arguments.positiveInt(line, "parallel", 1);
        RunStore store = RunStore.open(ExperimentFiles.store(line));
        SweepPlan plan;
        try {
            plan = ExperimentFiles.plan(file, Arguments.overrides(line));
        } catch (InvalidExperimentException e) {
            err.println(e.getMessage());
            return FlowLabCli.USAGE;
        }
        LaunchSettings settings;
        Launchers launchers = Launchers.discover();
        try {
            settings = LaunchSettingsReader.read(plan.experiment(), line.getOptionValue("launcher"),
                    line.getOptionValue("master"), line.hasOption("ship-data"), launchers);
        } catch (InvalidExperimentException e) {
            err.println(e.getMessage());
            return FlowLabCli.USAGE;
        }
        PlanPrinter.header(plan, out);
        if (line.hasOption("dry-run")) {
            PlanPrinter.details(plan, store, out);
            return FlowLabCli.OK;
        }
        Launcher launcher;
        try {
            launcher = launchers.get(settings.name()).start(settings, out);
        } catch (LaunchException e) {
            err.println("flowlab run: " + e.getMessage());
            err.println("flowlab run: nothing was run");
            return FlowLabCli.FAILED;
        }
        try {
            return runSweep(plan, store, parallel, launcher, line, out, err);
        } finally {
            launcher.close();
        }
    }

    private int runSweep(SweepPlan plan, RunStore store, int parallel, Launcher launcher, CommandLine line, PrintStream out,
                    PrintStream err) {
        int data = ExperimentFiles.reportDataProblems(launcher.dataProblems(plan), err);
        if (data != FlowLabCli.OK) {
            err.println("flowlab run: nothing was run");
            return data;
        }
        Tracker tracker;
        try {
            tracker = Trackers.create(Trackers.uri(line.getOptionValue("tracking-uri")), store, err);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int threads = Nd4jThreads.configure(parallel);
        if (parallel > 1) {
            out.println("running " + parallel + " trials at once, " + threads + " ND4J thread(s) each");
        }
        SweepRunner runner = new SweepRunner(store, () -> Wiring.injector().getInstance(TrialTrainer.class), tracker,
                ConsoleProgress.forStdout(out), Provenance.detect(Wiring.plugins().versions(), threads, Nd4jThreads.openMpThreads()), out,
                launcher);
        // Ctrl-C: stop the running trials so each records "interrupted"; the next run re-runs them.
        Thread onCtrlC = new Thread(() -> {
            runner.cancel();
            err.println("flowlab run: stopped; run the same command again to resume (finished trials are kept)");
        }, "flowlab-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            SweepResult result = runner.run(plan, parallel);
            out.println(result.ran().size() + " trial(s) run, " + result.skipped().size() + " skipped (already finished), "
                    + result.failed().size() + " failed");
            if (!result.failed().isEmpty()) {
                err.println("failed: " + String.join(", ", result.failed().stream().map(t -> t.runName()).toList())
                        + " — reasons in the summary above and in each trial's error.txt; "
                        + "running the same command again retries them");
            }
            return result.exitCode();
        } catch (StoreBusyException | LaunchException e) {
            err.println("flowlab run: " + e.getMessage());
            return FlowLabCli.FAILED;
        } finally {
            tracker.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook is running
            }
        }
    }
}
