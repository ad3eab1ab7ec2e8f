package org.flowlab.engine.plugins;

import com.google.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.options.OptionsResolver;
import org.flowlab.api.options.ResolvedOptions;
import org.flowlab.api.options.Suggestions;
import org.flowlab.api.plugin.Component;
import org.flowlab.api.plugin.Coupling;
import org.flowlab.api.plugin.Dequantization;
import org.flowlab.api.plugin.Family;
import org.flowlab.api.plugin.Normalization;
import org.flowlab.api.plugin.Permutation;
import org.flowlab.api.plugin.Preprocessing;
import org.flowlab.api.plugin.Prior;

/**
 * Every component the installed plugins contributed, per family, as collected by Guice's MapBinders.
 * The only place that turns a name from a config into a component; an unknown name lists the known ones.
 */
public final class ComponentRegistry {

    private final Map<Family, Map<String, ? extends Component>> byFamily = new EnumMap<>(Family.class);

    @Inject
    public ComponentRegistry(Map<String, Dequantization> dequantizations, Map<String, Preprocessing> preprocessings,
                             Map<String, Normalization> normalizations, Map<String, Permutation> permutations,
                             Map<String, Coupling> couplings, Map<String, Prior> priors) {
        byFamily.put(Family.DEQUANTIZATION, new TreeMap<>(dequantizations));
        byFamily.put(Family.PREPROCESSING, new TreeMap<>(preprocessings));
        byFamily.put(Family.NORMALIZATION, new TreeMap<>(normalizations));
        byFamily.put(Family.PERMUTATION, new TreeMap<>(permutations));
        byFamily.put(Family.COUPLING, new TreeMap<>(couplings));
        byFamily.put(Family.PRIOR, new TreeMap<>(priors));
    }

    public List<String> names(Family family) {
        return List.copyOf(byFamily.get(family).keySet());
    }

    public Component get(Family family, String name) {
        Component component = byFamily.get(family).get(name);
        if (component == null) {
            throw new UnknownComponentException(family, name, names(family),
                    Suggestions.closest(name, names(family)).orElse(null));
        }
        return component;
    }

    public <T extends Component> T get(Family family, String name, Class<T> type) {
        return type.cast(get(family, name));
    }

    /** Validates a choice's options against what its component declares; throws listing every problem. */
    public ResolvedOptions resolve(Family family, ComponentChoice choice) {
        return OptionsResolver.resolve(family.key(), get(family, choice.name()), choice.options());
    }
}
