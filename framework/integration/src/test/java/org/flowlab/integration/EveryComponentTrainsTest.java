package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.train.TrialTrainer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients flow through every component: a few real optimiser steps with each one swapped into a
 * 2-level model (contract tests never differentiate; SameDiff can fail only there).
 */
class EveryComponentTrainsTest {

    private static final TrialTrainer TRAINER = FlowLab.injector().getInstance(TrialTrainer.class);

    @TempDir
    Path output;

    static Stream<Arguments> oneComponentAtATime() {
        ModelConfig base = new ModelConfig(2, 2, 8, ComponentChoice.of("actnorm"), ComponentChoice.of("conv1x1-lu"),
                ComponentChoice.of("affine"), ComponentChoice.of("split-conditional"));
        List<Arguments> all = new ArrayList<>();
        for (String d : List.of("uniform", "variational")) {
            all.add(Arguments.of("dequantization", d, base.with("dequantization", ComponentChoice.of(d))));
        }
        for (String p : List.of("none", "logit")) {
            all.add(Arguments.of("preprocessing", p, base.with("preprocessing", ComponentChoice.of(p))));
        }
        for (String n : List.of("actnorm", "batchnorm", "none")) {
            all.add(Arguments.of("normalization", n, base.with("normalization", ComponentChoice.of(n))));
        }
        for (String p : List.of("reverse", "shuffle", "conv1x1", "conv1x1-lu")) {
            all.add(Arguments.of("permutation", p, base.with("permutation", ComponentChoice.of(p))));
        }
        for (String c : List.of("additive", "affine", "spline")) {
            all.add(Arguments.of("coupling", c, base.with("coupling", ComponentChoice.of(c))));
        }
        for (String p : List.of("standard-normal", "learned", "split-conditional")) {
            all.add(Arguments.of("prior", p, base.with("prior", ComponentChoice.of(p))));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("oneComponentAtATime")
    void trainingStepsLowerTheLoss(String family, String name, ModelConfig model) {
        TrialConfig config = new TrialConfig(new DataConfig("synthetic", 8, 256, 64, null), model,
                new TrainConfig(null, 8, 32, 5e-3, 0, 0.0, 0, 64, 3));
        List<Double> losses = TrainingRun.train(TRAINER, config, output).trainCurve();
        assertThat(losses).hasSize(8).allMatch(Double::isFinite);
        assertThat(losses.get(7)).as("%s %s: loss after 8 steps", family, name).isLessThan(losses.get(0));
    }
}
