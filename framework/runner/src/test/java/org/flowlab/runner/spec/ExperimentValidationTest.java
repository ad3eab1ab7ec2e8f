package org.flowlab.runner.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.flowlab.runner.sweep.SweepPlanner;
import org.flowlab.runner.testing.TestRegistry;
import org.junit.jupiter.api.Test;

/** Every validation message, pinned word for word: they are the user interface of a mistyped file. */
class ExperimentValidationTest {

    private static List<String> problems(String yaml, String... overrides) {
        try {
            Experiment experiment = new ExperimentLoader(TestRegistry.create())
                    .parse(yaml, "exp.yaml", "exp", Arrays.asList(overrides));
            new SweepPlanner(TestRegistry.create()).plan(experiment);
            return List.of();
        } catch (InvalidExperimentException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    @Test
    void unknownTopLevelKeyWithSuggestion() {
        assertThat(problems("name: x\ntrian: {steps: 5}\n")).containsExactly(
                "exp.yaml:2: trian: unknown key 'trian' (did you mean 'train'?); valid top-level keys: "
                        + "name, description, dataset, model, train, sweep, launcher");
    }

    @Test
    void unknownKeyInASectionWithSuggestion() {
        assertThat(problems("model:\n  levels: 2\n  depht: 4\n")).containsExactly(
                "exp.yaml:3: model.depht: unknown key 'depht' (did you mean 'depth'?); valid keys in 'model': "
                        + "levels, depth, hidden, conditioning, dequantization, preprocessing, normalization, permutation, "
                        + "coupling, prior");
    }

    @Test
    void unknownKeyWithoutACloseMatch() {
        assertThat(problems("train:\n  optimizer: sgd\n")).containsExactly(
                "exp.yaml:2: train.optimizer: unknown key 'optimizer'; valid keys in 'train': epochs, steps, batchSize, "
                        + "lr, warmupSteps, gradClip, evalEvery, evalImages, evalBatchSize, classWeight, seed");
    }

    @Test
    void unknownPluginListsTheFamily() {
        assertThat(problems("model: {coupling: afine, permutation: lu}\n")).containsExactly(
                "exp.yaml:1: model.coupling: unknown coupling 'afine' (did you mean 'affine'?); available: additive, affine",
                "exp.yaml:1: model.permutation: unknown permutation 'lu'; available: conv1x1, conv1x1-lu, reverse, shuffle");
    }

    @Test
    void unknownPluginNameInsideAMap() {
        assertThat(problems("model:\n  normalization: {name: actnrom}\n")).containsExactly(
                "exp.yaml:2: model.normalization.name: unknown normalization 'actnrom' (did you mean 'actnorm'?); "
                        + "available: actnorm, batchnorm, none");
    }

    @Test
    void pluginOptionsAreCheckedAgainstWhatThePluginDeclares() {
        assertThat(problems("""
                model:
                  coupling:
                    name: affine
                    scal: exp
                    scaleOffset: 20
                  normalization: {name: none, momentum: 0.1}
                """)).containsExactly(
                "exp.yaml:4: model.coupling.scal: coupling 'affine' has no option 'scal' (did you mean 'scale'?); "
                        + "valid options: hidden, scale, scaleOffset",
                "exp.yaml:5: model.coupling.scaleOffset: coupling 'affine': 'scaleOffset' = 20.0 is out of range; "
                        + "expected a number in [-10.0, 10.0]",
                "exp.yaml:6: model.normalization.momentum: normalization 'none' has no option 'momentum'; "
                        + "it takes no options");
    }

    @Test
    void pluginOptionWithAnInvalidChoice() {
        assertThat(problems("model: {coupling: {name: affine, scale: tanh}}\n")).containsExactly(
                "exp.yaml:1: model.coupling.scale: coupling 'affine': 'tanh' is not a valid value for 'scale'; "
                        + "valid choices: sigmoid, exp");
    }

    @Test
    void wrongTypes() {
        assertThat(problems("""
                dataset: {name: mnist, trainSize: many}
                model: {levels: two, coupling: 3}
                train: {lr: fast, batchSize: 12.5, evalEvery: [1, 2]}
                """)).containsExactly(
                "exp.yaml:1: dataset.trainSize: must be an integer or null, got 'many'",
                "exp.yaml:2: model.coupling: must be a coupling name (additive, affine) or a map with 'name' and the "
                        + "plugin's options, got '3'",
                "exp.yaml:2: model.levels: must be an integer, got 'two'",
                "exp.yaml:3: train.lr: must be a number, got 'fast'",
                "exp.yaml:3: train.batchSize: must be an integer, got '12.5'",
                "exp.yaml:3: train.evalEvery: must be an integer, got a list");
    }

    @Test
    void outOfRangeValues() {
        assertThat(problems("""
                dataset: {nBits: 12}
                train: {lr: 0, warmupSteps: -1, gradClip: -0.5, batchSize: 0}
                model: {depth: 1000}
                """)).containsExactly(
                "exp.yaml:1: dataset.nBits: must be in [1, 8], got 12",
                "exp.yaml:2: train.lr: must be in (0, 1], got 0",
                "exp.yaml:2: train.warmupSteps: must be >= 0, got -1",
                "exp.yaml:2: train.gradClip: must be >= 0, got -0.5",
                "exp.yaml:2: train.batchSize: must be in [1, 65536], got 0",
                "exp.yaml:3: model.depth: must be in [1, 256], got 1000");
        // in file order, whatever order the sections are checked in
    }

    @Test
    void unknownDataset() {
        assertThat(problems("dataset: {name: mnits}\n")).containsExactly(
                "exp.yaml:1: dataset.name: unknown dataset 'mnits' (did you mean 'mnist'?); available: "
                        + "mnist, fashion-mnist, cifar10, synthetic");
    }

    @Test
    void epochsAndStepsTogether() {
        assertThat(problems("train:\n  epochs: 2\n  steps: 100\n")).containsExactly(
                "exp.yaml:2: train: give either epochs or steps, not both");
    }

    @Test
    void levelsMustFitTheImageSize() {
        assertThat(problems("dataset: {name: mnist}\nmodel: {levels: 3}\n")).containsExactly(
                "exp.yaml:2: model.levels: 3 levels need image sides divisible by 8, but mnist images are 28x28 "
                        + "(at most 2 levels fit)");
    }

    @Test
    void batchLargerThanTheTrainingSubset() {
        assertThat(problems("dataset: {trainSize: 32}\ntrain: {batchSize: 64}\n")).containsExactly(
                "exp.yaml:2: train.batchSize: 64 is larger than dataset.trainSize 32");
    }

    @Test
    void emptySweeps() {
        assertThat(problems("sweep: {}\n")).containsExactly(
                "exp.yaml:1: sweep: the sweep is empty: give key paths with lists of values "
                        + "(e.g. model.coupling: [additive, affine]) or seeds, or remove the section");
        assertThat(problems("sweep:\n")).hasSize(1);
        assertThat(problems("sweep:\n  model.coupling: []\n  seeds: []\n")).containsExactly(
                "exp.yaml:2: sweep.model.coupling: empty sweep: the list of values is empty",
                "exp.yaml:3: sweep.seeds: empty sweep: the list of seeds is empty");
    }

    @Test
    void sweepKeysThatDoNotExist() {
        assertThat(problems("""
                sweep:
                  model.couplng: [additive]
                  model.coupling.scal: [exp]
                  train.seed: [1, 2]
                  optimizer.lr: [1]
                """)).containsExactly(
                "exp.yaml:2: sweep.model.couplng: cannot sweep 'model.couplng': no such key (did you mean 'model.coupling'?)",
                "exp.yaml:3: sweep.model.coupling.scal: cannot sweep 'model.coupling.scal': no coupling plugin has an "
                        + "option 'scal' (did you mean 'scale'?); options: hidden, scale, scaleOffset",
                "exp.yaml:4: sweep.train.seed: cannot sweep 'train.seed' directly; list the seeds under sweep.seeds",
                "exp.yaml:5: sweep.optimizer.lr: cannot sweep 'optimizer.lr': no such key");
    }

    @Test
    void sweepValuesAreTypedLikeTheKey() {
        assertThat(problems("""
                sweep:
                  train.lr: [1.0e-3, fast, 2]
                  model.permutation: [reverse, revers]
                  model.depth: 4
                  seeds: [1, one, 1]
                """)).containsExactly(
                "exp.yaml:2: sweep.train.lr[1]: must be a number, got 'fast'",
                "exp.yaml:2: sweep.train.lr[2]: must be in (0, 1], got 2",
                "exp.yaml:3: sweep.model.permutation[1]: unknown permutation 'revers' (did you mean 'reverse'?); "
                        + "available: conv1x1, conv1x1-lu, reverse, shuffle",
                "exp.yaml:4: sweep.model.depth: must be a list of values, e.g. [a, b], got '4'",
                "exp.yaml:5: sweep.seeds[1]: must be an integer, got 'one'",
                "exp.yaml:5: sweep.seeds[2]: seed 1 is listed twice");
    }

    @Test
    void aValueListedTwice() {
        assertThat(problems("sweep:\n  model.coupling: [affine, additive, affine]\n")).containsExactly(
                "exp.yaml:2: sweep.model.coupling[2]: 'affine' is listed twice");
    }

    @Test
    void sweptPluginOptionThatTheSweptPluginDoesNotHave() {
        assertThat(problems("""
                model: {coupling: additive}
                sweep:
                  model.coupling.scale: [exp]
                """)).containsExactly(
                "exp.yaml:3: model.coupling.scale: coupling 'additive' has no option 'scale'; valid options: hidden");
    }

    @Test
    void excludeMustNameSweptKeysAndValues() {
        assertThat(problems("""
                sweep:
                  model.permutation: [reverse, shuffle]
                  exclude:
                    - {model.coupling: additive}
                    - {model.permutation: conv1x1}
                    - {model.permutation: reverse, train.lr: 0.1}
                    - model.permutation
                """)).containsExactly(
                "exp.yaml:4: sweep.exclude[0].model.coupling: 'model.coupling' is not swept; exclude entries name "
                        + "swept keys: model.permutation",
                "exp.yaml:5: sweep.exclude[1].model.permutation: 'conv1x1' is not one of the values swept for "
                        + "'model.permutation': reverse, shuffle",
                "exp.yaml:6: sweep.exclude[2].train.lr: 'train.lr' is not swept; exclude entries name swept keys: "
                        + "model.permutation",
                "exp.yaml:7: sweep.exclude[3]: must be a map from key paths to single values, e.g. "
                        + "{model.coupling: affine}, got 'model.permutation'");
    }

    @Test
    void excludingEverything() {
        assertThat(problems("""
                sweep:
                  model.permutation: [reverse]
                  exclude:
                    - {model.permutation: reverse}
                """)).containsExactly(
                "exp.yaml:4: sweep.exclude: every combination is excluded; nothing would run");
    }

    @Test
    void includeEntriesAreValidatedLikeSweepKeys() {
        assertThat(problems("""
                sweep:
                  include:
                    - {model.coupling: affin}
                    - {train.lrr: 0.1}
                """)).containsExactly(
                "exp.yaml:3: sweep.include[0].model.coupling: unknown coupling 'affin' (did you mean 'affine'?); "
                        + "available: additive, affine",
                "exp.yaml:4: sweep.include[1].train.lrr: cannot sweep 'train.lrr': no such key (did you mean 'train.lr'?)");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        assertThat(problems("model:\n  depth: 4\n   hidden: 8\n")).singleElement().asString()
                .startsWith("exp.yaml:3: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void duplicateKeys() {
        assertThat(problems("model:\n  depth: 4\n  depth: 8\n")).containsExactly(
                "exp.yaml:3: model.depth: duplicate key 'depth' (first given at exp.yaml:2)");
    }

    @Test
    void badNames() {
        assertThat(problems("name: my experiment\n")).containsExactly(
                "exp.yaml:1: name: must be a name of letters, digits, '.', '_' and '-' (at most 100, starting with a "
                        + "letter or digit), got 'my experiment'");
    }

    @Test
    void aClassificationLossNeedsAClassConditionalModel() {
        assertThat(problems("train:\n  steps: 10\n  classWeight: 0.5\n")).containsExactly(
                "exp.yaml:3: train.classWeight: a classification loss needs model.conditioning: class (it is 'none')");
        assertThat(problems("dataset: {name: mnist}\nmodel: {conditioning: class}\ntrain: {steps: 10, classWeight: 0.5}\n"))
                .isEmpty();
        assertThat(problems("model: {conditioning: label}\n")).singleElement().asString()
                .contains("model.conditioning").contains("none, class");
    }

    @Test
    void sectionsMustBeMaps() {
        assertThat(problems("model: glow\n")).containsExactly(
                "exp.yaml:1: model: must be a map of settings, got 'glow'");
    }

    @Test
    void overrideProblemsNameTheOverride() {
        assertThat(problems("train: {steps: 10}\n", "train.lr=fast", "nonsense", "model.couplin=affine",
                "train.steps.x=1")).containsExactly(
                "--set nonsense: expected key.path=value, e.g. --set train.lr=5e-4",
                "--set train.steps.x=1: train.steps.x: cannot set it: 'train.steps' is '10', not a map",
                "--set model.couplin=affine: model.couplin: unknown key 'couplin' (did you mean 'coupling'?); "
                        + "valid keys in 'model': levels, depth, hidden, conditioning, dequantization, preprocessing, "
                        + "normalization, permutation, coupling, prior",
                "--set train.lr=fast: train.lr: must be a number, got 'fast'");
    }

    @Test
    void everyProblemIsReportedAtOnceUnderOneHeadline() {
        assertThatThrownBy(() -> new SweepPlanner(TestRegistry.create()).plan(new ExperimentLoader(TestRegistry.create())
                .parse("trian: {}\nmodel: {coupling: afine}\nsweep: {model.couplng: [a]}\n", "exp.yaml", "exp", List.of())))
                .isInstanceOf(InvalidExperimentException.class)
                .hasMessage("""
                        exp.yaml: 3 problems, nothing was run:
                          exp.yaml:1: trian: unknown key 'trian' (did you mean 'train'?); valid top-level keys: name, \
                        description, dataset, model, train, sweep, launcher
                          exp.yaml:2: model.coupling: unknown coupling 'afine' (did you mean 'affine'?); available: \
                        additive, affine
                          exp.yaml:3: sweep.model.couplng: cannot sweep 'model.couplng': no such key (did you mean \
                        'model.coupling'?)""");
    }

    @Test
    void aMissingFile() {
        assertThatThrownBy(() -> new ExperimentLoader(TestRegistry.create())
                .load(java.nio.file.Path.of("no/such.yaml"), List.of()))
                .hasMessage("no/such.yaml: 1 problem, nothing was run:\n  no/such.yaml: no such file");
    }

    // ---- hostile and empty input: a clear problem, never a crash (issue 15, items 4 and 5) ---------------------

    private static final String RUNNABLE = "dataset: {name: synthetic}\ntrain: {steps: 10}\n";

    @Test
    void twentyThousandOpenBracketsAreTooDeepNotAStackOverflow() {
        assertThat(problems("sweep:\n  train.lr: " + "[".repeat(20_000) + "\n")).containsExactly(
                "exp.yaml:2: lists and maps are nested more than 50 deep here; an experiment file needs only a few "
                        + "levels (sweep → include → entry → value), so this is not an experiment file, or a bracket is "
                        + "not closed");
    }

    @Test
    void threeThousandNestedMapsAreTooDeep() {
        String block = java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "  ".repeat(i) + "k" + i + ":\n")
                .collect(java.util.stream.Collectors.joining());
        assertThat(problems("dataset: " + "{a: ".repeat(3000) + "1" + "}".repeat(3000) + "\n")).singleElement()
                .asString().startsWith("exp.yaml:1: lists and maps are nested more than 50 deep here");
        assertThat(problems(block + "  ".repeat(3000) + "x: 1\n")).singleElement().asString()
                .startsWith("exp.yaml:51: lists and maps are nested more than 50 deep here");
    }

    @Test
    void nestingUpToTheLimitIsStillRead() {
        // 50 levels: the root map, the sweep map, and 48 lists around one value (rejected as a value, not as depth)
        assertThat(problems(RUNNABLE + "sweep:\n  train.lr: " + "[".repeat(48) + "1" + "]".repeat(48) + "\n"))
                .singleElement().asString().startsWith("exp.yaml:4: sweep.train.lr[0]: must be a number, got a list");
    }

    @Test
    void aDeeplyNestedOverrideIsBoundedAndQuotedShort() {
        assertThat(problems(RUNNABLE, "train.lr=" + "[".repeat(20_000))).containsExactly("--set train.lr="
                + "[".repeat(108) + "...: lists and maps are nested more than 50 deep here; an experiment file needs "
                + "only a few levels (sweep → include → entry → value), so this is not an experiment file, or a bracket "
                + "is not closed");
    }

    @Test
    void anAliasThatContainsItselfIsBoundedToo() {
        assertThat(problems(RUNNABLE + "description: &a [*a]\n")).singleElement().asString()
                .startsWith("exp.yaml:3: description: lists and maps are nested more than 50 deep here")
                .endsWith(" (through an alias that contains itself)");
    }

    @Test
    void aliasesThatMultiplyAreBounded() {
        StringBuilder yaml = new StringBuilder(RUNNABLE + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 6; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(6, "*a" + (i - 1)))).append("]\n");
        }
        assertThat(problems(yaml.toString())).anySatisfy(p -> assertThat(p)
                .contains("more than 100000 values (each use of an alias *name counted again)"));
    }

    @Test
    void aHugeListIsBoundedWithoutAliases() {
        assertThat(problems(RUNNABLE + "sweep:\n  train.lr: [" + "0.1, ".repeat(100_000) + "0.1]\n")).singleElement()
                .asString().startsWith("exp.yaml:4: sweep: more than 100000 values (each use of an alias *name counted "
                        + "again); an experiment file holds a few dozen");
    }

    @Test
    void aTooLargeIntegerSaysSoAndGivesTheValidRange() {
        assertThat(problems("dataset: {name: synthetic}\ntrain: {steps: 1000000000000}\n")).containsExactly(
                "exp.yaml:2: train.steps: is too large: must be in [1, 2147483647], got 1000000000000");
        assertThat(problems(RUNNABLE + "sweep: {seeds: [100000000000000000000]}\n")).containsExactly(
                "exp.yaml:3: sweep.seeds[0]: is too large: must be in [0, 9223372036854775807], got 100000000000000000000");
        assertThat(problems(RUNNABLE, "train.evalEvery=99999999999")).containsExactly(
                "--set train.evalEvery=99999999999: train.evalEvery: is too large: must be in [1, 2147483647], "
                        + "got 99999999999");
    }

    @Test
    void anEmptyFileIsRefusedNotRunOnDefaults() {
        String expected = "exp.yaml: the file is empty: an experiment file must give at least dataset.name (mnist, "
                + "fashion-mnist, cifar10, synthetic) and train.steps or train.epochs; experiments/quickstart.yaml is "
                + "a small complete example";
        assertThat(problems("")).containsExactly(expected);
        assertThat(problems("# only a comment\n")).containsExactly(expected);
    }

    @Test
    void aFileMustSayWhichImagesAndHowLong() {
        assertThat(problems("name: x\nmodel: {depth: 2}\n")).containsExactly(
                "exp.yaml: dataset.name: not given: say which images to train on (mnist, fashion-mnist, cifar10, "
                        + "synthetic), e.g. dataset: {name: mnist}; experiments/quickstart.yaml is a small complete example",
                "exp.yaml: train: gives neither steps nor epochs: say how long each trial trains, e.g. "
                        + "train: {steps: 600}; experiments/quickstart.yaml is a small complete example");
        assertThat(problems("train: {epochs: 1}\n")).singleElement().asString().startsWith("exp.yaml: dataset.name: not given");
    }

    @Test
    void whatToRunMayComeFromOverridesOrTheSweep() {
        assertThat(problems("", "dataset.name=synthetic", "train.steps=5")).isEmpty();
        assertThat(problems("sweep:\n  dataset.name: [synthetic]\n  train.epochs: [1, 2]\n")).isEmpty();
        assertThat(problems("dataset: {name: synthetic}\nsweep:\n  model.coupling: [affine]\n  include:\n"
                + "    - {train.steps: 5}\n")).isEmpty();
    }

    @Test
    void binaryJunkIsNotATextFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        java.nio.file.Path png = java.nio.file.Files.write(folder.resolve("image.yaml"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        java.nio.file.Path latin1 = java.nio.file.Files.write(folder.resolve("latin1.yaml"),
                "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> new ExperimentLoader(TestRegistry.create()).load(png, List.of()))
                .hasMessage(png + ": 1 problem, nothing was run:\n  " + png + ": is not a text file: it has a NUL byte "
                        + "at byte offset 4 (an experiment file is YAML text in UTF-8)");
        assertThatThrownBy(() -> new ExperimentLoader(TestRegistry.create()).load(latin1, List.of()))
                .hasMessageEndingWith(latin1 + ": is not a text file: not UTF-8 at byte offset 9 (an experiment file "
                        + "is YAML text in UTF-8)");
    }

    @Test
    void aFolderOrAHugeFileIsNotAnExperimentFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws Exception {
        assertThatThrownBy(() -> new ExperimentLoader(TestRegistry.create()).load(folder, List.of()))
                .hasMessageEndingWith(folder + ": is a folder, not an experiment file (give the path of a .yaml file)");
        java.nio.file.Path huge = java.nio.file.Files.write(folder.resolve("huge.yaml"), new byte[2 << 20]);
        assertThatThrownBy(() -> new ExperimentLoader(TestRegistry.create()).load(huge, List.of()))
                .hasMessageEndingWith(huge + ": is 2097152 bytes, not an experiment file (those are a few KB of YAML; "
                        + "the limit is 1048576 bytes)");
    }
}
