package org.flowlab.runner.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the location it came from, so that every validation message can name its line.
 * Scalars are already typed by the YAML core schema: String, Long, Double, Boolean or null.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    Location location();

    /** How the value reads in a message: {@code 'abc'}, {@code '12'}, {@code a list}, {@code a map}. */
    String describe();

    record Scalar(Object value, Location location) implements YamlNode {
        @Override
        public String describe() {
            return value == null ? "nothing (null)" : "'" + value + "'";
        }
    }

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** Keys in file order. */
    record Mapping(Map<String, Entry> entries, Location location) implements YamlNode {

        public Mapping {
            entries = new LinkedHashMap<>(entries);
        }

        public static Mapping empty(Location location) {
            return new Mapping(new LinkedHashMap<>(), location);
        }

        public YamlNode get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.value();
        }

        /** Mutable on purpose: {@code --set} overrides are applied to the parsed tree before validation. */
        public void put(String key, Location keyLocation, YamlNode value) {
            entries.put(key, new Entry(key, keyLocation, value));
        }

        public void remove(String key) {
            entries.remove(key);
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record Entry(String key, Location keyLocation, YamlNode value) {
    }
}
