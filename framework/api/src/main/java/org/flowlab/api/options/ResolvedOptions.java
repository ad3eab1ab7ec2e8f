package org.flowlab.api.options;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A component's options after validation: every declared option present, typed, defaults filled in. */
public final class ResolvedOptions {

    private final Map<String, Object> values;

    public ResolvedOptions(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static ResolvedOptions empty() {
        return new ResolvedOptions(Map.of());
    }

    public int getInt(String name) {
        return (Integer) require(name);
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        return (String) require(name);
    }

    /** Null when the option inherits a model-level value. */
    public Integer getIntOrNull(String name) {
        return (Integer) values.get(name);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("option '" + name + "' has no value; declared options: " + values.keySet());
        }
        return value;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
