package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.cli.UsageException;
import org.flowlab.cli.Wiring;
import org.flowlab.engine.model.TrainedModel;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredArtifact;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;

/** {@code flowlab sample TRIAL}: sample grids from a trained trial's checkpoint at the temperatures given. */
public final class SampleCommand implements Subcommand {

    private static final List<Double> GLOW_TEMPERATURES = List.of(0.5, 0.7, 1.0);

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public String summary() {
        return "write sample grids (PNG) from a trained trial at the given temperatures";
    }

    @Override
    public String usage() {
        return "TRIAL [--temperatures 0.5,0.7,1.0] [--count N] [--seed S] [--class K] [--out DIR] [--store DIR]"
                + " [--experiment NAME]"
                + "\n  TRIAL: a trial id (or a unique prefix), a run name such as conv1x1-lu/affine/s1, or a checkpoint file";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("temperatures").hasArg().argName("T,T,...")
                        .desc("sampling temperatures (default 0.5,0.7,1.0, as in Glow)").build())
                .addOption(Option.builder().longOpt("count").hasArg().argName("N")
                        .desc("images per grid (default 64)").build())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("S")
                        .desc("seed of the latent draws (default 0)").build())
                .addOption(Option.builder().longOpt("class").hasArg().argName("K")
                        .desc("only images of class K (a class-conditional trial, model.conditioning: class)").build())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                        .desc("folder for the PNGs (default: samples)").build())
                .addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                        .desc("run store to find TRIAL in (default: runs)").build())
                .addOption(Option.builder().longOpt("experiment").hasArg().argName("NAME")
                        .desc("only look at this experiment's trials").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
        if (line.getArgList().size() != 1) {
            throw new UsageException(line.getArgList().isEmpty() ? "missing TRIAL" : "expected one TRIAL");
        }
        String trial = line.getArgList().get(0);
        List<Double> temperatures = Arguments.temperatures(line, "temperatures", GLOW_TEMPERATURES);
        int count = Arguments.positiveInt(line, "count", 64);
        long seed = Arguments.integer(line, "seed", 0);
        Integer imageClass = line.hasOption("class") ? (int) Arguments.integer(line, "class", 0) : null;
        Path outDir = Path.of(line.getOptionValue("out", "samples"));
        Located checkpoint = locate(trial, RunStore.open(ExperimentFiles.store(line)),
                line.getOptionValue("experiment"));
        TrainedModel model = TrainedModel.load(checkpoint.file(), Wiring.registry());
        if (imageClass != null) {
            checkClass(model, imageClass);
        }
        Files.createDirectories(outDir);
        out.println("sampling " + count + " images per temperature" + (imageClass == null ? "" : " of class " + imageClass)
                + " from " + checkpoint.label());
        String classPart = imageClass == null ? "" : "_class" + imageClass;
        for (double t : temperatures) {
            Path png = outDir.resolve(checkpoint.prefix() + classPart + "_T" + String.format(Locale.ROOT, "%.2f", t)
                    + "_seed" + seed + ".png");
            if (imageClass == null) {
                model.writeSampleGrid(png, count, t, seed);
            } else {
                model.writeSampleGrid(png, count, t, seed, imageClass);
            }
            out.println("  T=" + t + ": " + png);
        }
        return FlowLabCli.OK;
    }

    /** A user's class outside the model's classes, or a model without classes, is a usage error (exit 2). */
    private static void checkClass(TrainedModel model, int imageClass) {
        if (!model.model().classConditional()) {
            throw new UsageException("--class " + imageClass + ": the trial's model is not class-conditional "
                    + "(model.conditioning: " + model.config().model().conditioning() + "; train it with "
                    + "--set model.conditioning=class)");
        }
        int classes = model.model().classes();
        if (imageClass < 0 || imageClass >= classes) {
            throw new UsageException("--class " + imageClass + ": valid classes are 0.." + (classes - 1) + " ("
                    + model.config().data().name() + ")");
        }
    }

    private record Located(Path file, String label, String prefix) {
    }

    private static Located locate(String trial, RunStore store, String experiment) {
        Path asFile = Path.of(trial);
        if (Files.isRegularFile(asFile)) {
            String name = asFile.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            return new Located(asFile, asFile.toString(), name);
        }
        List<StoredTrial> matches = store.trials().stream()
                .filter(t -> experiment == null || t.info().experimentName().equals(experiment))
                .filter(t -> t.info().trialId().startsWith(trial) || t.info().runName().equals(trial))
                .toList();
        if (matches.isEmpty()) {
            throw new UsageException("no trial '" + trial + "' in the run store " + store.root()
                    + (experiment == null ? "" : " for experiment " + experiment)
                    + " (give a trial id, a run name or a checkpoint file; `flowlab run FILE --dry-run` lists trials)");
        }
        if (matches.size() > 1) {
            throw new UsageException("'" + trial + "' matches " + matches.size() + " trials: " + String.join(", ",
                    matches.stream().map(t -> t.info().experimentName() + "/" + t.info().runName() + " ("
                            + t.info().trialId() + ")").toList()) + "; give a trial id or --experiment");
        }
        StoredTrial found = matches.get(0);
        Path checkpoint = found.artifacts().stream().filter(a -> a.artifactPath().equals("checkpoint"))
                .map(StoredArtifact::file).findFirst().orElse(null);
        if (found.status() != TrialStatus.FINISHED || checkpoint == null || !Files.isRegularFile(checkpoint)) {
            throw new IllegalStateException("trial " + found.info().runName() + " (" + found.info().trialId()
                    + ") has no checkpoint: it is " + found.status()
                    + (found.failureReason() == null ? "" : " (" + found.failureReason() + ")"));
        }
        return new Located(checkpoint, found.info().experimentName() + "/" + found.info().runName() + " ("
                + found.info().trialId() + ")", found.info().trialId());
    }
}
