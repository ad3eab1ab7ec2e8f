package org.flowlab.api.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowlab.api.plugin.Component;

/** Validates raw options against what a component declares, collecting every problem rather than the first. */
public final class OptionsResolver {

    private OptionsResolver() {
    }

    public static ResolvedOptions resolve(String familyKey, Component component, Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> declared = component.options().stream().map(OptionSpec::name).toList();
        for (String key : raw.keySet()) {
            if (!declared.contains(key)) {
                problems.add(unknownOption(familyKey, component, key, declared));
            }
        }
        for (OptionSpec spec : component.options()) {
            Object given = raw.get(spec.name());
            if (given == null) {
                values.put(spec.name(), spec.defaultValue());
                continue;
            }
            try {
                values.put(spec.name(), spec.convert(given));
            } catch (IllegalArgumentException e) {
                problems.add(familyKey + " '" + component.name() + "': " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidOptionsException(problems);
        }
        return new ResolvedOptions(values);
    }

    private static String unknownOption(String familyKey, Component component, String key, List<String> declared) {
        String valid = declared.isEmpty() ? "it takes no options" : "valid options: " + String.join(", ", declared);
        String hint = Suggestions.closest(key, declared).map(s -> " (did you mean '" + s + "'?)").orElse("");
        return familyKey + " '" + component.name() + "' has no option '" + key + "'" + hint + "; " + valid;
    }
}
