package org.flowlab.api.config;

import java.util.Map;
import java.util.TreeMap;

/** Which variant of a family a model uses, with the options given for it (not yet validated). */
public record ComponentChoice(String name, Map<String, Object> options) {

    public ComponentChoice {
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public static ComponentChoice of(String name) {
        return new ComponentChoice(name, Map.of());
    }
}
