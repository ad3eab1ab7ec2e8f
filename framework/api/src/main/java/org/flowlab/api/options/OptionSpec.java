package org.flowlab.api.options;

import java.util.List;
import java.util.Locale;

/**
 * One option a component declares: its type, default and valid range. {@link #convert} turns a raw
 * config value (from YAML or {@code --set}) into the typed value, or says precisely why it cannot.
 * A null default means "inherit the model-level value" (documented in {@code description}).
 */
public record OptionSpec(String name, OptionType type, Object defaultValue, Double min, Double max,
                         List<String> choices, String description) {

    public OptionSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static OptionSpec integer(String name, Integer defaultValue, int min, int max, String description) {
        return new OptionSpec(name, OptionType.INT, defaultValue, (double) min, (double) max, List.of(), description);
    }

    public static OptionSpec real(String name, double defaultValue, double min, double max, String description) {
        return new OptionSpec(name, OptionType.DOUBLE, defaultValue, min, max, List.of(), description);
    }

    public static OptionSpec flag(String name, boolean defaultValue, String description) {
        return new OptionSpec(name, OptionType.BOOLEAN, defaultValue, null, null, List.of(), description);
    }

    public static OptionSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new OptionSpec(name, OptionType.CHOICE, defaultValue, null, null, choices, description);
    }

    /** Converts a raw value to this option's type; throws {@link IllegalArgumentException} with a readable reason. */
    public Object convert(Object raw) {
        return switch (type) {
            case INT -> checkRange(toInteger(raw));
            case DOUBLE -> checkRange(toDouble(raw));
            case BOOLEAN -> toBoolean(raw);
            case CHOICE -> toChoice(raw);
        };
    }

    /** Human-readable valid values, for error messages and {@code flowlab plugins}. */
    public String validValues() {
        return switch (type) {
            case INT -> "an integer in [" + (long) min.doubleValue() + ", " + (long) max.doubleValue() + "]";
            case DOUBLE -> "a number in [" + min + ", " + max + "]";
            case BOOLEAN -> "true or false";
            case CHOICE -> String.join(", ", choices);
        };
    }

    private Integer toInteger(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            long value = ((Number) raw).longValue();
            if (value == (int) value) {
                return (int) value;
            }
        }
        if (raw instanceof String s && s.trim().matches("[-+]?\\d{1,9}")) {
            return Integer.parseInt(s.trim());
        }
        throw wrongType(raw);
    }

    private Double toDouble(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw wrongType(raw);
            }
        }
        throw wrongType(raw);
    }

    private Boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw wrongType(raw);
    }

    private String toChoice(Object raw) {
        String value = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(value)) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid value for '" + name + "'; valid choices: "
                    + String.join(", ", choices));
        }
        return value;
    }

    private <T extends Number> T checkRange(T value) {
        double v = value.doubleValue();
        if (!Double.isFinite(v) || v < min || v > max) {
            throw new IllegalArgumentException("'" + name + "' = " + value + " is out of range; expected " + validValues());
        }
        return value;
    }

    private IllegalArgumentException wrongType(Object raw) {
        return new IllegalArgumentException("'" + name + "' must be " + type.description() + ", got '" + raw + "'"
                + (type == OptionType.CHOICE ? "" : " (" + validValues() + ")"));
    }
}
