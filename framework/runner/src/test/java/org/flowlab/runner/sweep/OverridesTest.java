package org.flowlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.testing.TestRegistry;
import org.junit.jupiter.api.Test;

/** {@code --set} is applied to the file before validation and sweep expansion. */
class OverridesTest {

    private static final String FILE = """
            name: overrides
            dataset: {name: synthetic}
            model: {levels: 2, depth: 2, hidden: 8, coupling: {name: affine, scale: exp}}
            train: {epochs: 3, batchSize: 4, lr: 1.0e-3}
            sweep:
              model.permutation: [reverse, shuffle]
              seeds: [1, 2, 3]
            """;

    private static SweepPlan plan(String... overrides) {
        return new SweepPlanner(TestRegistry.create()).plan(new ExperimentLoader(TestRegistry.create())
                .parse(FILE, "o.yaml", "o", Arrays.asList(overrides)));
    }

    @Test
    void overridesAreTypedAndApplyToEveryTrial() {
        SweepPlan plan = plan("train.lr=5e-4", "model.depth=4");
        assertThat(plan.trials()).hasSize(6).allSatisfy(t -> {
            assertThat(t.config().train().lr()).isEqualTo(5e-4);
            assertThat(t.config().model().depth()).isEqualTo(4);
        });
    }

    @Test
    void stepsReplaceEpochs() {
        SweepPlan plan = plan("train.steps=50");
        assertThat(plan.trials().get(0).config().train().steps()).isEqualTo(50);
        assertThat(plan.trials().get(0).config().train().epochs()).isNull();
    }

    @Test
    void settingASweptKeyPinsIt() {
        SweepPlan plan = plan("model.permutation=conv1x1");
        assertThat(plan.trials()).extracting(PlannedTrial::runName).containsExactly("s1", "s2", "s3");
        assertThat(plan.trials().get(0).config().model().permutation().name()).isEqualTo("conv1x1");
        assertThat(plan.notices()).containsExactly("--set model.permutation=conv1x1 replaces the sweep over model.permutation");
    }

    @Test
    void theSweepItselfCanBeOverridden() {
        SweepPlan plan = plan("sweep.seeds=[7]", "sweep.model.coupling=[additive, affine]");
        assertThat(plan.trials()).extracting(PlannedTrial::runName).containsExactly(
                "reverse/additive/s7", "reverse/affine/s7", "shuffle/additive/s7", "shuffle/affine/s7");
    }

    @Test
    void settingTheSeedPinsTheSeeds() {
        SweepPlan plan = plan("train.seed=9");
        assertThat(plan.trials()).extracting(PlannedTrial::runName).containsExactly("reverse/s9", "shuffle/s9");
    }

    @Test
    void pluginOptionsAndWholeChoices() {
        assertThat(plan("model.coupling.scaleOffset=1.5").trials().get(0).config().model().coupling().options())
                .containsEntry("scale", "exp").containsEntry("scaleOffset", 1.5);
        assertThat(plan("model.coupling=affine").trials().get(0).config().model().coupling().options())
                .containsEntry("scale", "exp"); // same plugin by name: the file's options stay
        assertThat(plan("model.coupling={name: affine}").trials().get(0).config().model().coupling().options())
                .containsEntry("scale", "sigmoid"); // a map replaces the choice
        assertThat(plan("model.coupling=additive").trials().get(0).config().model().coupling().name())
                .isEqualTo("additive");
        assertThat(plan("model.normalization.momentum=0.2", "model.normalization=batchnorm").trials().get(0)
                .config().model().normalization().options()).containsEntry("momentum", 0.05);
    }

    @Test
    void overridesAreRecordedWithTheExperiment() {
        assertThat(plan("train.lr=5e-4").experiment().overrides()).isEqualTo(List.of("train.lr=5e-4"));
    }
}
