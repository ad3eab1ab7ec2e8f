package org.flowlab.runner.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.flowlab.api.options.Suggestions;

/**
 * One framework setting of an experiment file ({@code train.lr}, {@code model.depth}, ...): its type, range,
 * default and meaning. {@link #convert} turns a YAML value into the typed value or says exactly why not.
 *
 * @param max          null when unbounded above
 * @param defaultValue null when the setting has no value unless given (e.g. {@code dataset.trainSize}: whole split)
 * @param choices      for {@link Kind#CHOICE}: the valid values, and {@code noun} what they are ("dataset")
 */
public record Field(String path, Kind kind, Object defaultValue, Double min, boolean minExclusive, Double max,
                    boolean nullable, List<String> choices, String noun, String description) {

    public enum Kind {
        INT("an integer"), LONG("an integer"), DOUBLE("a number"), STRING("a string"), CHOICE("a name");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    public static Field integer(String path, Integer defaultValue, int min, Integer max, boolean nullable,
                                String description) {
        return new Field(path, Kind.INT, defaultValue, (double) min, false, max == null ? null : (double) max, nullable,
                List.of(), null, description);
    }

    public static Field seed(String path, long defaultValue, String description) {
        return new Field(path, Kind.LONG, defaultValue, 0.0, false, null, false, List.of(), null, description);
    }

    public static Field real(String path, double defaultValue, double min, boolean minExclusive, Double max,
                             String description) {
        return new Field(path, Kind.DOUBLE, defaultValue, min, minExclusive, max, false, List.of(), null, description);
    }

    public static Field string(String path, boolean nullable, String description) {
        return new Field(path, Kind.STRING, null, null, false, null, nullable, List.of(), null, description);
    }

    public static Field choice(String path, String defaultValue, List<String> choices, String noun, String description) {
        return new Field(path, Kind.CHOICE, defaultValue, null, false, null, false, List.copyOf(choices), noun,
                description);
    }

    /** The last key of the path: {@code lr} for {@code train.lr}. */
    public String key() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** @throws IllegalArgumentException with the message shown after the key path */
    public Object convert(YamlNode node) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            throw new IllegalArgumentException("must be " + expected() + ", got " + node.describe());
        }
        Object raw = scalar.value();
        if (raw == null) {
            if (nullable) {
                return null;
            }
            throw new IllegalArgumentException("must be " + expected() + ", got nothing (null)");
        }
        return switch (kind) {
            case INT -> checkRange(toInteger(raw, scalar), scalar).intValue();
            case LONG -> checkRange(toInteger(raw, scalar), scalar).longValue();
            case DOUBLE -> checkRange(toDouble(raw, scalar), scalar).doubleValue();
            case STRING -> toText(raw, scalar);
            case CHOICE -> toChoice(toText(raw, scalar));
        };
    }

    private String expected() {
        return switch (kind) {
            case INT, LONG, DOUBLE -> kind.description + (nullable ? " or null" : "");
            case STRING -> "a string" + (nullable ? " or null" : "");
            case CHOICE -> "a " + noun + " name (" + String.join(", ", choices) + ")";
        };
    }

    private BigInteger toInteger(Object raw, YamlNode.Scalar scalar) {
        if (raw instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        if (raw instanceof BigInteger b) {
            return b;
        }
        throw new IllegalArgumentException("must be " + expected() + ", got " + scalar.describe());
    }

    private BigDecimal toDouble(Object raw, YamlNode.Scalar scalar) {
        if (raw instanceof Long || raw instanceof BigInteger) {
            return new BigDecimal(raw.toString());
        }
        if (raw instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("must be a finite number" + range() + ", got " + scalar.describe());
            }
            return BigDecimal.valueOf(d);
        }
        throw new IllegalArgumentException("must be " + expected() + ", got " + scalar.describe());
    }

    private String toText(Object raw, YamlNode.Scalar scalar) {
        if (raw instanceof String s) {
            return s;
        }
        if (kind == Kind.STRING) {
            return raw.toString(); // a folder called 2024 is still a folder
        }
        throw new IllegalArgumentException("must be " + expected() + ", got " + scalar.describe());
    }

    private String toChoice(String value) {
        if (choices.contains(value)) {
            return value;
        }
        String hint = Suggestions.closest(value, choices).map(s -> " (did you mean '" + s + "'?)").orElse("");
        throw new IllegalArgumentException("unknown " + noun + " '" + value + "'" + hint + "; available: "
                + String.join(", ", choices));
    }

    private <N extends Number> N checkRange(N value, YamlNode.Scalar scalar) {
        BigDecimal v = new BigDecimal(value.toString());
        boolean belowMin = min != null && (minExclusive ? v.compareTo(BigDecimal.valueOf(min)) <= 0
                : v.compareTo(BigDecimal.valueOf(min)) < 0);
        boolean aboveMax = max != null && v.compareTo(BigDecimal.valueOf(max)) > 0;
        boolean outsideInt = kind == Kind.INT && v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0;
        boolean outsideLong = kind == Kind.LONG && v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0;
        if (belowMin || aboveMax) {
            throw new IllegalArgumentException("must be" + range() + ", got " + scalar.value());
        }
        if (outsideInt || outsideLong) {
            // Unbounded settings still have their type's limit; ">= 1" would read as if the value were too small.
            long limit = kind == Kind.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
            String valid = min == null ? " at most " + limit
                    : " in " + (minExclusive ? "(" : "[") + number(min) + ", " + limit + "]";
            throw new IllegalArgumentException("is too large: must be" + valid + ", got " + scalar.value());
        }
        return value;
    }

    /** " in [1, 8]", " in (0, 1]", " >= 0" */
    public String range() {
        if (min == null && max == null) {
            return "";
        }
        if (max == null) {
            return (minExclusive ? " > " : " >= ") + number(min);
        }
        return " in " + (minExclusive ? "(" : "[") + number(min) + ", " + number(max) + "]";
    }

    private String number(double d) {
        return kind == Kind.DOUBLE ? Values.format(d) : Long.toString((long) d);
    }

    /** The default as the reference table in {@code experiments/README.md} shows it. */
    public String describeDefault() {
        return Optional.ofNullable(defaultValue).map(Values::format).orElse("null");
    }
}
