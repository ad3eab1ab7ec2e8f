package org.flowlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.testing.TestRegistry;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {

    private static final String BASE = """
            name: plan-test
            dataset: {name: synthetic}
            model: {levels: 2, depth: 2, hidden: 8}
            train: {steps: 10, batchSize: 4}
            """;

    private static Experiment experiment(String yaml, String... overrides) {
        return new ExperimentLoader(TestRegistry.create()).parse(yaml, "plan.yaml", "plan", Arrays.asList(overrides));
    }

    private static SweepPlan plan(String yaml, String... overrides) {
        return new SweepPlanner(TestRegistry.create()).plan(experiment(yaml, overrides));
    }

    private static List<String> names(SweepPlan plan) {
        return plan.trials().stream().map(PlannedTrial::runName).toList();
    }

    @Test
    void gridIsTheCartesianProductWithSeedsOutermost() {
        SweepPlan plan = plan(BASE + """
                sweep:
                  model.permutation: [reverse, conv1x1-lu]
                  model.coupling: [additive, affine]
                  seeds: [1, 2]
                """);
        assertThat(names(plan)).containsExactly(
                "reverse/additive/s1", "reverse/affine/s1", "conv1x1-lu/additive/s1", "conv1x1-lu/affine/s1",
                "reverse/additive/s2", "reverse/affine/s2", "conv1x1-lu/additive/s2", "conv1x1-lu/affine/s2");
        PlannedTrial last = plan.trials().get(7);
        assertThat(last.config().model().permutation().name()).isEqualTo("conv1x1-lu");
        assertThat(last.config().model().coupling().name()).isEqualTo("affine");
        assertThat(last.seed()).isEqualTo(2);
        assertThat(last.config().train().seed()).isEqualTo(2);
        assertThat(last.swept()).containsExactly(Map.entry("model.permutation", "conv1x1-lu"),
                Map.entry("model.coupling", "affine"));
        assertThat(plan.byCombination()).hasSize(4);
        assertThat(plan.trials().stream().map(PlannedTrial::trialId).distinct()).hasSize(8);
    }

    @Test
    void withoutSeedsTheTrainSeedIsUsedOnce() {
        SweepPlan plan = plan(BASE.replace("batchSize: 4", "batchSize: 4, seed: 7") + """
                sweep:
                  train.lr: [1.0e-3, 5.0e-4]
                """);
        assertThat(names(plan)).containsExactly("lr=0.001/s7", "lr=0.0005/s7");
        assertThat(plan.trials().get(1).config().train().lr()).isEqualTo(5e-4);
    }

    @Test
    void noSweepIsOneTrial() {
        SweepPlan plan = plan(BASE);
        assertThat(names(plan)).containsExactly("s1");
        assertThat(plan.trials().get(0).config().model().coupling().name()).isEqualTo("affine");
    }

    @Test
    void excludeDropsMatchingGridCombinations() {
        SweepPlan plan = plan(BASE + """
                sweep:
                  model.permutation: [reverse, shuffle, conv1x1-lu]
                  model.coupling: [additive, affine]
                  exclude:
                    - {model.permutation: reverse, model.coupling: affine}
                    - {model.permutation: shuffle}
                """);
        assertThat(names(plan)).containsExactly("reverse/additive/s1", "conv1x1-lu/additive/s1", "conv1x1-lu/affine/s1");
    }

    @Test
    void includeAddsCombinationsAfterTheGridAndIsNeverExcluded() {
        SweepPlan plan = plan(BASE + """
                sweep:
                  model.permutation: [reverse, shuffle]
                  exclude:
                    - {model.permutation: shuffle}
                  include:
                    - {model.permutation: shuffle, train.lr: 5.0e-4}
                    - {model.coupling: {name: affine, scale: exp}}
                  seeds: [1, 2]
                """);
        assertThat(names(plan)).containsExactly(
                "reverse/lr=0.001/affine/s1", "shuffle/lr=0.0005/affine/s1", "conv1x1-lu/lr=0.001/affine(scale=exp)/s1",
                "reverse/lr=0.001/affine/s2", "shuffle/lr=0.0005/affine/s2", "conv1x1-lu/lr=0.001/affine(scale=exp)/s2");
        assertThat(plan.sweptKeys()).containsExactly("model.permutation", "train.lr", "model.coupling");
        PlannedTrial exp = plan.trials().get(2);
        assertThat(exp.config().model().coupling().options()).containsEntry("scale", "exp");
        assertThat(exp.config().model().permutation().name()).isEqualTo("conv1x1-lu"); // the file's (default) value
    }

    @Test
    void onlyIncludesMeansOnlyThoseCombinations() {
        SweepPlan plan = plan(BASE + """
                sweep:
                  include:
                    - {model.coupling: additive}
                    - {model.coupling: affine, model.hidden: 16}
                """);
        assertThat(names(plan)).containsExactly("additive/hidden=8/s1", "affine/hidden=16/s1");
    }

    @Test
    void anIncludeRepeatingAGridPointRunsOnce() {
        SweepPlan plan = plan(BASE + """
                sweep:
                  model.coupling: [additive, affine]
                  include:
                    - {model.coupling: affine}
                """);
        assertThat(names(plan)).containsExactly("additive/s1", "affine/s1");
        assertThat(plan.notices()).containsExactly(
                "'affine' with seed 1 is planned twice (an include entry repeats a grid combination); it runs once");
    }

    @Test
    void pluginOptionsCanBeSweptAndAreResolvedWithDefaults() {
        SweepPlan plan = plan(BASE + """
                sweep:
                  model.coupling.scale: [sigmoid, exp]
                """);
        assertThat(names(plan)).containsExactly("scale=sigmoid/s1", "scale=exp/s1");
        assertThat(plan.trials().get(1).config().model().coupling().options())
                .containsExactly(Map.entry("scale", "exp"), Map.entry("scaleOffset", 2.0));
    }

    @Test
    void aBarePluginNameKeepsTheFilesOptionsOnlyForTheSamePlugin() {
        SweepPlan plan = plan(BASE.replace("hidden: 8}", "hidden: 8, coupling: {name: affine, scale: exp}}") + """
                sweep:
                  model.coupling: [additive, affine]
                """);
        assertThat(plan.trials().get(0).config().model().coupling().options()).isEmpty();
        assertThat(plan.trials().get(1).config().model().coupling().options()).containsEntry("scale", "exp");
    }

    @Test
    void theConfigHashIsStableAndIgnoresHowAValueWasWritten() {
        String implicit = ConfigJson.trialId(plan(BASE).trials().get(0).config());
        String explicitDefaults = ConfigJson.trialId(plan(BASE.replace("hidden: 8}",
                "hidden: 8, coupling: {name: affine, scale: sigmoid}, normalization: actnorm}")
                .replace("batchSize: 4}", "batchSize: 4, lr: 0.001, seed: 1}")).trials().get(0).config());
        String otherDataDir = ConfigJson.trialId(plan(BASE, "dataset.dataDir=/elsewhere").trials().get(0).config());
        String otherSeed = ConfigJson.trialId(plan(BASE, "train.seed=2").trials().get(0).config());
        assertThat(implicit).hasSize(12).matches("[0-9a-f]+");
        assertThat(explicitDefaults).isEqualTo(implicit);
        assertThat(otherDataDir).isEqualTo(implicit);
        assertThat(otherSeed).isNotEqualTo(implicit);
        assertThat(ConfigJson.trialId(plan(BASE).trials().get(0).config())).isEqualTo(implicit);
    }

    @Test
    void canonicalConfigIsTheFileLayoutWithEveryDefault() throws Exception {
        String json = org.flowlab.runner.store.StoreJson.MAPPER.writeValueAsString(
                ConfigJson.canonical(plan(BASE).trials().get(0).config(), false));
        assertThat(json).isEqualTo(BASE_CANONICAL_BEFORE_PREPROCESSING
                .replace("\"coupling\"", "\"conditioning\":\"none\",\"coupling\"")
                .replace("\"evalBatchSize\"", "\"classWeight\":0.0,\"evalBatchSize\"")
                .replace("\"hidden\"", "\"dequantization\":{\"name\":\"uniform\"},\"hidden\"")
                .replace("\"prior\"", "\"preprocessing\":{\"name\":\"none\"},\"prior\""));
    }

    /** BASE's canonical form as written before the preprocessing family existed. */
    private static final String BASE_CANONICAL_BEFORE_PREPROCESSING = "{\"dataset\":{\"nBits\":8,\"name\":\"synthetic\"},"
            + "\"model\":{\"coupling\":{\"name\":\"affine\",\"scale\":\"sigmoid\",\"scaleOffset\":2.0},\"depth\":2,"
            + "\"hidden\":8,\"levels\":2,\"normalization\":{\"name\":\"actnorm\"},\"permutation\":{\"name\":\"conv1x1-lu\"},"
            + "\"prior\":{\"learnTop\":true,\"name\":\"split-conditional\"}},"
            + "\"train\":{\"batchSize\":4,\"evalBatchSize\":256,\"evalEvery\":500,\"gradClip\":0.0,\"lr\":0.001,"
            + "\"seed\":1,\"steps\":10,\"warmupSteps\":200}}";

    @Test
    void trialsWithoutPreprocessingKeepTheIdsOfStoresWrittenBeforeTheFamilyExisted() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(BASE_CANONICAL_BEFORE_PREPROCESSING.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String before = java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        assertThat(ConfigJson.trialId(plan(BASE).trials().get(0).config())).isEqualTo(before);
        assertThat(ConfigJson.trialId(plan(BASE, "model.preprocessing=logit").trials().get(0).config()))
                .isNotEqualTo(before);
    }

    @Test
    void defaultDequantizationAndConditioningKeepThePinnedIdOfStoresWrittenBeforeThemExisted() {
        // SHA-256 of BASE_CANONICAL_BEFORE_PREPROCESSING, pinned as a literal: a change here re-runs every stored trial.
        assertThat(ConfigJson.trialId(plan(BASE).trials().get(0).config())).isEqualTo("f8db107dd4fa");
        assertThat(ConfigJson.trialId(plan(BASE, "model.dequantization=uniform").trials().get(0).config()))
                .isEqualTo("f8db107dd4fa");
        assertThat(ConfigJson.trialId(plan(BASE, "model.dequantization=variational").trials().get(0).config()))
                .isNotEqualTo("f8db107dd4fa");
        assertThat(ConfigJson.trialId(plan(BASE, "model.conditioning=none", "train.classWeight=0").trials().get(0)
                .config())).isEqualTo("f8db107dd4fa");
        assertThat(ConfigJson.trialId(plan(BASE, "model.conditioning=class").trials().get(0).config()))
                .isNotEqualTo("f8db107dd4fa");
    }

    @Test
    void anUnsetEvalSubsetKeepsTheIdsOfStoresWrittenBeforeTheOptionExisted() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(BASE_CANONICAL_BEFORE_PREPROCESSING.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String before = java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        TrialConfig unset = plan(BASE).trials().get(0).config();
        TrialConfig subset = plan(BASE, "train.evalImages=100").trials().get(0).config();
        assertThat(unset.train().evalImages()).isNull();
        assertThat(ConfigJson.trialId(unset)).isEqualTo(before);
        assertThat(ConfigJson.flatten(unset)).doesNotContainKey("train.evalImages");
        assertThat(subset.train().evalImages()).isEqualTo(100);
        assertThat(ConfigJson.trialId(subset)).isNotEqualTo(before);
        assertThat(ConfigJson.flatten(subset)).containsEntry("train.evalImages", "100");
    }

    @Test
    void flattenedParamsUseTheFileKeys() {
        Map<String, String> params = ConfigJson.flatten(plan(BASE).trials().get(0).config());
        assertThat(params).containsEntry("dataset.name", "synthetic").containsEntry("model.coupling", "affine")
                .containsEntry("model.coupling.scale", "sigmoid").containsEntry("train.lr", "0.001")
                .containsEntry("train.steps", "10").doesNotContainKey("train.epochs")
                .doesNotContainKey("dataset.trainSize");
    }
}
