package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowlab.api.plugin.Family;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.spec.ExperimentSchema;
import org.flowlab.runner.spec.Field;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.sweep.SweepPlanner;
import org.flowlab.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped experiment file is valid against the real plugins and plans what its comments promise. */
class ExperimentFilesTest {

    static List<Path> experimentFiles() throws IOException {
        try (Stream<Path> files = Files.list(Cli.projectRoot().resolve("experiments"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static SweepPlan plan(Path file) {
        return new SweepPlanner(Wiring.registry()).plan(new ExperimentLoader(Wiring.registry()).load(file, List.of()));
    }

    @ParameterizedTest
    @MethodSource("experimentFiles")
    void validatesThroughTheCommandLine(Path file) {
        Cli.Result result = Cli.run("validate", file.toString(), "--store", "target/no-store");
        if (SharedData.find().isPresent()) {
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).endsWith(file + ": valid\n");
        } else {
            // A checkout without ../shared/data: the file is still valid, and validate says run would stop.
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.err()).contains("file is missing")
                    .endsWith(file + ": valid, but `flowlab run` would stop: the data above is missing\n");
        }
    }

    @Test
    void theReadmeDocumentsEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(Cli.projectRoot().resolve("experiments/README.md"));
        for (Field field : ExperimentSchema.fields()) {
            String documented = field.defaultValue() == null && !field.nullable() ? "–" : field.describeDefault();
            assertThat(readme).as(field.path()).contains("| `" + field.path() + "` | " + documented + " |");
        }
        for (Family family : Family.values()) {
            String row = readme.lines().filter(l -> l.startsWith("| `model." + family.key() + "` | ")).findFirst()
                    .orElseThrow();
            assertThat(row).startsWith("| `model." + family.key() + "` | " + ExperimentSchema.DEFAULT_PLUGINS.get(family) + " | ");
            Wiring.registry().names(family).stream().filter(n -> !n.endsWith("-test"))
                    .forEach(name -> assertThat(row).as(family.key()).contains(name));
        }
    }

    @Test
    void theShippedFilesAreAllThere() throws IOException {
        assertThat(experimentFiles()).extracting(p -> p.getFileName().toString()).contains("quickstart.yaml",
                "permutations.yaml", "couplings.yaml", "priors.yaml", "normalization.yaml", "preprocessing.yaml", "cifar10.yaml");
    }

    @Test
    void beyondGlowCrossesTwoCouplingsWithTwoDequantizations() {
        // The spline coupling is built on its own branch; until it is installed the file cannot plan.
        org.junit.jupiter.api.Assumptions.assumeTrue(Wiring.registry().names(Family.COUPLING).contains("spline"),
                "the spline coupling is not installed");
        SweepPlan plan = plan(Cli.projectRoot().resolve("experiments/beyond-glow.yaml"));
        assertThat(plan.trials()).hasSize(12);
        assertThat(plan.byCombination().keySet()).containsExactly("affine/uniform", "affine/variational",
                "spline/uniform", "spline/variational");
        assertThat(plan.trials()).allMatch(t -> t.config().data().name().equals("mnist")
                && t.config().model().depth() == 6 && t.config().model().hidden() == 64);
    }

    @Test
    void preprocessingComparesGlowsInputWithTwoLogits() {
        SweepPlan plan = plan(Cli.projectRoot().resolve("experiments/preprocessing.yaml"));
        assertThat(plan.trials()).hasSize(9);
        assertThat(plan.byCombination().keySet()).containsExactly("none", "logit", "logit(alpha=0.05)");
        assertThat(plan.trials()).extracting(t -> t.config().model().preprocessing().name())
                .containsOnly("none", "logit");
    }

    @ParameterizedTest
    @CsvSource({"permutations.yaml, mnist, 2", "cifar10.yaml, cifar10, 3"})
    void permutationsAndCifar10AreGlowFigureThree(String file, String dataset, int levels) {
        SweepPlan plan = plan(Cli.projectRoot().resolve("experiments").resolve(file));
        assertThat(plan.trials()).hasSize(18);
        assertThat(plan.byCombination().keySet()).containsExactly("reverse/additive", "reverse/affine",
                "shuffle/additive", "shuffle/affine", "conv1x1-lu/additive", "conv1x1-lu/affine");
        assertThat(plan.trials()).extracting(PlannedTrial::seed).containsOnly(1L, 2L, 3L);
        assertThat(plan.trials().get(0).config().data().name()).isEqualTo(dataset);
        assertThat(plan.trials().get(0).config().model().levels()).isEqualTo(levels);
    }

    /** A test curve needs points: at least 10 evaluations, cheap ones on a subset smaller than the test split. */
    @ParameterizedTest
    @MethodSource("experimentFiles")
    void everyShippedFileDrawsATestCurve(Path file) {
        for (PlannedTrial trial : plan(file).trials()) {
            var train = trial.config().train();
            assertThat(train.steps()).as("%s: train.steps", file).isNotNull();
            assertThat(train.steps() / train.evalEvery()).as("%s: evaluations", file).isGreaterThanOrEqualTo(10);
            assertThat(train.evalImages()).as("%s: train.evalImages", file).isNotNull()
                    .isLessThan(trial.config().data().testSize());
        }
    }

    @Test
    void quickstartIsReverseAgainstConv1x1LuWithTwoSeeds() {
        SweepPlan plan = plan(Cli.projectRoot().resolve("experiments/quickstart.yaml"));
        assertThat(plan.trials()).extracting(PlannedTrial::runName)
                .containsExactly("reverse/s1", "conv1x1-lu/s1", "reverse/s2", "conv1x1-lu/s2");
    }

    @Test
    void eachFamilyAblationSweepsItsFamily() {
        assertThat(plan(Cli.projectRoot().resolve("experiments/couplings.yaml")).byCombination().keySet())
                .containsExactly("additive", "affine(scale=sigmoid)", "affine(scale=exp)");
        assertThat(plan(Cli.projectRoot().resolve("experiments/priors.yaml")).byCombination().keySet())
                .containsExactly("standard-normal", "learned", "split-conditional");
        assertThat(plan(Cli.projectRoot().resolve("experiments/normalization.yaml")).byCombination().keySet())
                .containsExactly("actnorm/warmupSteps=100", "batchnorm/warmupSteps=100", "none/warmupSteps=100",
                        "none/warmupSteps=500");
    }
}
