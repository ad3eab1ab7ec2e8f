package org.flowlab.api.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;

/**
 * Base class for a plugin's Guice module. Each {@code add} call puts one component into its family's
 * MapBinder under the component's own name, where the framework's registry collects it.
 */
public abstract class PluginModule extends AbstractModule {

    protected final void add(Dequantization component) {
        dequantizations(binder()).addBinding(component.name()).toInstance(component);
    }

    protected final void add(Preprocessing component) {
        preprocessings(binder()).addBinding(component.name()).toInstance(component);
    }

    protected final void add(Normalization component) {
        normalizations(binder()).addBinding(component.name()).toInstance(component);
    }

    protected final void add(Permutation component) {
        permutations(binder()).addBinding(component.name()).toInstance(component);
    }

    protected final void add(Coupling component) {
        couplings(binder()).addBinding(component.name()).toInstance(component);
    }

    protected final void add(Prior component) {
        priors(binder()).addBinding(component.name()).toInstance(component);
    }

    public static MapBinder<String, Dequantization> dequantizations(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Dequantization.class);
    }

    public static MapBinder<String, Preprocessing> preprocessings(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Preprocessing.class);
    }

    public static MapBinder<String, Normalization> normalizations(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Normalization.class);
    }

    public static MapBinder<String, Permutation> permutations(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Permutation.class);
    }

    public static MapBinder<String, Coupling> couplings(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Coupling.class);
    }

    public static MapBinder<String, Prior> priors(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Prior.class);
    }
}
