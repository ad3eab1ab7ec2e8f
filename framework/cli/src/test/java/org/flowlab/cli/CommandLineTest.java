package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool's surface: help, usage errors (exit 2), validation reports, listings. No training here. */
class CommandLineTest {

    @TempDir
    Path folder;

    @Test
    void toolHelpListsEveryCommandIncludingContributedOnes() {
        Cli.Result result = Cli.run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("usage: flowlab COMMAND [options]")
                .contains("  run       run an experiment's sweep", "  validate ", "  plugins ", "  sample ", "  bench ",
                        "  sync ", "  ui ");
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : FlowLabCli.discover().keySet()) {
            Cli.Result result = Cli.run(command, "--help");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).startsWith("usage: flowlab " + command).contains("-h,--help");
        }
        assertThat(Cli.run("run", "--help").out()).contains("--set <key.path=value>", "--parallel <N>",
                "--store <DIR>", "--tracking-uri <URI>", "--dry-run");
    }

    @Test
    void unknownCommandSuggestsTheClosest() {
        Cli.Result result = Cli.run("rn", "x.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("flowlab: unknown command 'rn' (did you mean 'run'?); commands: run, validate,");
    }

    @Test
    void usageErrorsExitWithTwo() {
        Cli.Result missing = Cli.run("run");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("""
                flowlab run: missing the experiment FILE
                usage: flowlab run FILE [--set key.path=value]... [--parallel N] [--store DIR] [--tracking-uri URI] \
                [--dry-run]
                Try 'flowlab run --help'.
                """);
        assertThat(Cli.run("run", "a.yaml", "--parallel", "zero").err())
                .startsWith("flowlab run: --parallel must be a positive integer, got 'zero'");
        assertThat(Cli.run("run", "a.yaml", "--bogus").err()).startsWith("flowlab run: Unrecognized option: --bogus");
        assertThat(Cli.run("run", "a.yaml", "b.yaml").err())
                .startsWith("flowlab run: expected one experiment FILE, got 2: a.yaml b.yaml");
        assertThat(Cli.run("plugins", "--family", "couplings").err())
                .startsWith("flowlab plugins: unknown family 'couplings'; families: dequantization, preprocessing, normalization, permutation, coupling, prior");
    }

    @Test
    void missingDatasetFilesStopTheRunBeforeAnyTrialAndSayHowToFetchThem() throws Exception {
        Path empty = Files.createDirectories(folder.resolve("no-data"));
        Path file = Files.writeString(folder.resolve("needs-mnist.yaml"), """
                name: needs-mnist
                dataset: {name: mnist}
                train: {steps: 5}
                sweep:
                  seeds: [1, 2]
                """);
        Path store = folder.resolve("runs");
        Cli.Result run = Cli.run("run", file.toString(), "--store", store.toString(), "--set", "dataset.dataDir=" + empty);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith(file + ": dataset.name = mnist (2 trials): " + empty.resolve("mnist")
                        .resolve("train-images-idx3-ubyte.gz") + ": file is missing. Put train-images-idx3-ubyte.gz into the folder")
                .contains("\n  fetch it with: flowlab download mnist --data-dir " + empty + "   (or set dataset.dataDir / FLOWLAB_DATA_DIR")
                .endsWith("flowlab run: nothing was run\n");
        assertThat(store.resolve("needs-mnist").resolve("trials")).doesNotExist();

        Cli.Result validate = Cli.run("validate", file.toString(), "--store", store.toString(), "--set", "dataset.dataDir=" + empty);
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.err()).contains("file is missing")
                .endsWith(file + ": valid, but `flowlab run` would stop: the data above is missing\n");
    }

    @Test
    void anInvalidFileIsReportedCompletelyWithExitTwoAndNothingRuns() throws Exception {
        Path file = Files.writeString(folder.resolve("bad.yaml"), """
                name: bad
                dataset: {name: synthetic}
                model: {coupling: afine, depth: 0}
                train: {steps: 5, lr: fast}
                sweep:
                  model.permutation: []
                """);
        Path store = folder.resolve("runs");
        Cli.Result result = Cli.run("run", file.toString(), "--store", store.toString(), "--set", "train.batchSize=big");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(file + ": 5 problems, nothing was run:\n"
                + "  " + file + ":3: model.coupling: unknown coupling 'afine' (did you mean 'affine'?); available: "
                + "additive, affine, spline\n"
                + "  " + file + ":3: model.depth: must be in [1, 256], got 0\n"
                + "  " + file + ":4: train.lr: must be a number, got 'fast'\n"
                + "  " + file + ":6: sweep.model.permutation: empty sweep: the list of values is empty\n"
                + "  --set train.batchSize=big: train.batchSize: must be an integer, got 'big'\n");
        assertThat(store).doesNotExist();
        assertThat(Cli.run("validate", file.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void validateAndDryRunShowThePlan() throws Exception {
        Path file = Files.writeString(folder.resolve("ok.yaml"), """
                name: ok
                dataset: {name: synthetic}
                model: {levels: 2, depth: 2, hidden: 8}
                train: {steps: 5, batchSize: 16}
                sweep:
                  model.permutation: [reverse, conv1x1-lu]
                  seeds: [1, 2]
                """);
        Cli.Result validate = Cli.run("validate", file.toString(), "--store", folder.resolve("runs").toString());
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.out()).startsWith("experiment ok (" + file + "): 4 trials = 2 combinations × 2 seeds")
                .containsPattern("\n  dataset\\.name +synthetic\n").containsPattern("\n  model\\.coupling +affine\n")
                .containsPattern("\n  1  reverse/s1 +[0-9a-f]{12}  new\n")
                .containsPattern("\n  4  conv1x1-lu/s2 +[0-9a-f]{12}  new\n")
                .endsWith(file + ": valid\n");
        Cli.Result dryRun = Cli.run("run", file.toString(), "--dry-run", "--store", folder.resolve("runs").toString(),
                "--set", "sweep.seeds=[3]");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.out()).contains("2 trials", "reverse/s3", "conv1x1-lu/s3").doesNotContain("/s1");
        assertThat(folder.resolve("runs")).doesNotExist();
    }

    @Test
    void pluginsListsEveryFamilyWithOptionsAndDefaults() {
        Cli.Result result = Cli.run("plugins");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains(
                "normalization (model.normalization, default actnorm)",
                "  actnorm — ", "  batchnorm — ", "  none — ",
                "permutation (model.permutation, default conv1x1-lu)",
                "  reverse — ", "  shuffle — ", "  conv1x1 — ", "  conv1x1-lu — ",
                "coupling (model.coupling, default affine)", "  additive — ", "  affine — ",
                "      scale: sigmoid, exp; default sigmoid — ",
                "prior (model.prior, default split-conditional)", "  standard-normal — ", "  learned — ",
                "  split-conditional — ", "      learnTop: true or false; default true — ",
                "datasets: mnist, fashion-mnist, cifar10, synthetic");
        assertThat(Cli.run("plugins", "--family", "coupling").out()).startsWith("coupling").doesNotContain("actnorm");
    }

    @Test
    void aTrackingUriNobodyHandlesIsAUsageError() throws Exception {
        Path file = Files.writeString(folder.resolve("t.yaml"), "dataset: {name: synthetic}\ntrain: {steps: 1}\n");
        Cli.Result result = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                "--tracking-uri", "ftp://example");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("flowlab run: no installed tracker handles the tracking URI 'ftp://example'");
    }

    @Test
    void sampleNeedsAKnownTrial() {
        Cli.Result result = Cli.run("sample", "deadbeef", "--store", folder.resolve("runs").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("flowlab sample: no trial 'deadbeef' in the run store");
    }
}
