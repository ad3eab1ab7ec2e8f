package org.flowlab.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Injector;
import java.util.Map;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.options.InvalidOptionsException;
import org.flowlab.api.plugin.Family;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.model.FlowModelFactory;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.plugins.InstalledPlugins;
import org.flowlab.engine.plugins.UnknownComponentException;
import org.flowlab.integration.thirdparty.ThirdPartyPlugin;
import org.flowlab.testkit.LayerContract;
import org.flowlab.testkit.ModelContract;
import org.junit.jupiter.api.Test;

class PluginDiscoveryTest {

    private final Injector injector = FlowLab.injector();
    private final ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);

    @Test
    void everyBuiltInComponentIsFoundThroughServiceLoader() {
        assertThat(registry.names(Family.DEQUANTIZATION)).containsExactly("uniform", "variational");
        assertThat(registry.names(Family.PREPROCESSING)).containsExactly("logit", "none");
        assertThat(registry.names(Family.NORMALIZATION)).containsExactly("actnorm", "batchnorm", "none");
        assertThat(registry.names(Family.COUPLING)).containsExactly("additive", "affine", "spline");
        assertThat(registry.names(Family.PRIOR)).containsExactly("learned", "split-conditional", "standard-normal");
        assertThat(registry.names(Family.PERMUTATION)).contains("reverse", "shuffle", "conv1x1", "conv1x1-lu");
    }

    @Test
    void aThirdPartyJarOnTheClasspathAddsAComponentWithoutAFrameworkChange() {
        assertThat(registry.names(Family.PERMUTATION)).contains("roll");
        assertThat(injector.getInstance(InstalledPlugins.class).versions())
                .containsEntry("third-party-example", "9.9.9")
                .containsKeys("dequantization", "preprocessing", "normalization", "permutations", "couplings", "priors");
        LayerContract.verify("permutation", new ThirdPartyPlugin.RollChannels(), Map.of("shift", 3), new TensorShape(4, 2, 2));
        ModelConfig model = new ModelConfig(2, 1, 4, ComponentChoice.of("actnorm"),
                new ComponentChoice("roll", Map.of("shift", 2)), ComponentChoice.of("affine"), ComponentChoice.of("learned"));
        ModelContract.verify(injector.getInstance(FlowModelFactory.class), model, new TensorShape(1, 4, 4));
    }

    @Test
    void anUnknownNameListsTheKnownOnesWithADidYouMean() {
        assertThatThrownBy(() -> registry.get(Family.PERMUTATION, "conv1x1lu"))
                .isInstanceOf(UnknownComponentException.class)
                .hasMessage("unknown permutation 'conv1x1lu' (did you mean 'conv1x1-lu'?); "
                        + "available: conv1x1, conv1x1-lu, reverse, roll, shuffle");
        assertThatThrownBy(() -> registry.get(Family.COUPLING, "cubic-spline"))
                .hasMessage("unknown coupling 'cubic-spline'; available: additive, affine, spline");
    }

    @Test
    void pluginOptionsAreValidatedAgainstWhatThePluginDeclares() {
        assertThat(registry.resolve(Family.COUPLING, ComponentChoice.of("affine")).asMap())
                .containsEntry("scale", "sigmoid").containsEntry("scaleOffset", 2.0).containsEntry("hidden", null);
        assertThatThrownBy(() -> registry.resolve(Family.COUPLING,
                new ComponentChoice("affine", Map.of("scale", "tanh", "hiden", 64, "scaleOffset", 99))))
                .isInstanceOf(InvalidOptionsException.class)
                .satisfies(e -> assertThat(((InvalidOptionsException) e).problems()).containsExactly(
                        "coupling 'affine' has no option 'hiden' (did you mean 'hidden'?); valid options: hidden, scale, scaleOffset",
                        "coupling 'affine': 'tanh' is not a valid value for 'scale'; valid choices: sigmoid, exp",
                        "coupling 'affine': 'scaleOffset' = 99.0 is out of range; expected a number in [-10.0, 10.0]"));
    }
}
