package org.flowlab.runner.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders config values the same way everywhere: in run names, messages, params and tables. */
public final class Values {

    private Values() {
    }

    /** {@code 0.0005} rather than {@code 5.0E-4}; {@code 1} rather than {@code 1.0}; maps as {@code k=v,k=v}. */
    public static String format(Object value) {
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return d.toString();
            }
            BigDecimal decimal = BigDecimal.valueOf(d).stripTrailingZeros();
            return Math.abs(d) >= 1e-6 && Math.abs(d) < 1e9 || d == 0 ? decimal.toPlainString() : decimal.toString();
        }
        if (value instanceof Float f) {
            return format(f.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                    .collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
