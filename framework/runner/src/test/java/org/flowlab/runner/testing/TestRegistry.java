package org.flowlab.runner.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.LatentPrior;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.LearnedDequantizer;
import org.flowlab.api.layer.PriorContext;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.Coupling;
import org.flowlab.api.plugin.Dequantization;
import org.flowlab.api.plugin.Normalization;
import org.flowlab.api.plugin.Permutation;
import org.flowlab.api.plugin.Preprocessing;
import org.flowlab.api.plugin.Prior;
import org.flowlab.engine.plugins.ComponentRegistry;

/**
 * A registry with the real plugins' names and options but no layers: enough for parsing, validation and
 * planning, which never build a model. Kept in step with the plugin modules by the CLI tests, which plan
 * every experiment file against the real plugins.
 */
public final class TestRegistry {

    private TestRegistry() {
    }

    public static ComponentRegistry create() {
        Map<String, Dequantization> dequantizations = new LinkedHashMap<>();
        dequantizations.put("uniform", new FakeDequantization("uniform", List.of()));
        dequantizations.put("variational", new FakeDequantization("variational", List.of(
                OptionSpec.integer("depth", 4, 1, 32, "couplings of q(u|x)"),
                OptionSpec.integer("hidden", 32, 1, 4096, "width of q's networks"))));
        Map<String, Preprocessing> preprocessings = new LinkedHashMap<>();
        preprocessings.put("none", new FakeLayer("none", List.of()));
        preprocessings.put("logit", new FakeLayer("logit", List.of(
                OptionSpec.real("alpha", 1e-6, 1e-12, 0.25, "squeeze into [alpha, 1 - alpha]"))));
        Map<String, Normalization> normalizations = new LinkedHashMap<>();
        normalizations.put("actnorm", new FakeLayer("actnorm", List.of()));
        normalizations.put("batchnorm", new FakeLayer("batchnorm", List.of(
                OptionSpec.real("momentum", 0.05, 0.0, 1.0, "running-average weight"),
                OptionSpec.real("epsilon", 1e-4, 1e-12, 1.0, "variance epsilon"))));
        normalizations.put("none", new FakeLayer("none", List.of()));
        Map<String, Permutation> permutations = new LinkedHashMap<>();
        for (String name : List.of("reverse", "shuffle", "conv1x1", "conv1x1-lu")) {
            permutations.put(name, new FakeLayer(name, List.of()));
        }
        OptionSpec hidden = OptionSpec.integer("hidden", null, 1, 4096, "coupling width; defaults to model.hidden");
        Map<String, Coupling> couplings = new LinkedHashMap<>();
        couplings.put("additive", new FakeLayer("additive", List.of(hidden)));
        couplings.put("affine", new FakeLayer("affine", List.of(hidden,
                OptionSpec.choice("scale", "sigmoid", List.of("sigmoid", "exp"), "scale function"),
                OptionSpec.real("scaleOffset", 2.0, -10.0, 10.0, "offset before the sigmoid"))));
        Map<String, Prior> priors = new LinkedHashMap<>();
        priors.put("standard-normal", new FakePrior("standard-normal", List.of()));
        priors.put("learned", new FakePrior("learned", List.of()));
        priors.put("split-conditional", new FakePrior("split-conditional",
                List.of(OptionSpec.flag("learnTop", true, "learn the top prior"))));
        return new ComponentRegistry(dequantizations, preprocessings, normalizations, permutations, couplings, priors);
    }

    /** One fake for every layer family: they differ only in the interface the registry sorts them by. */
    private record FakeLayer(String name, List<OptionSpec> options)
            implements Preprocessing, Normalization, Permutation, Coupling {
        @Override
        public String description() {
            return "fake " + name;
        }

        @Override
        public FlowLayer create(LayerContext context) {
            throw new UnsupportedOperationException("test registry: no layers");
        }
    }

    private record FakeDequantization(String name, List<OptionSpec> options) implements Dequantization {
        @Override
        public String description() {
            return "fake " + name;
        }

        @Override
        public Optional<LearnedDequantizer> create(LayerContext context) {
            throw new UnsupportedOperationException("test registry: no layers");
        }
    }

    private record FakePrior(String name, List<OptionSpec> options) implements Prior {
        @Override
        public String description() {
            return "fake " + name;
        }

        @Override
        public LatentPrior create(PriorContext context) {
            throw new UnsupportedOperationException("test registry: no layers");
        }
    }
}
