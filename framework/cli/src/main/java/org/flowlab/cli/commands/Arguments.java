package org.flowlab.cli.commands;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.flowlab.cli.UsageException;

/** Reading typed values from a parsed command line, with usage errors that say what was expected. */
final class Arguments {

    private Arguments() {
    }

    static String singleFile(CommandLine line) {
        List<String> args = line.getArgList();
        if (args.isEmpty()) {
            throw new UsageException("missing the experiment FILE");
        }
        if (args.size() > 1) {
            throw new UsageException("expected one experiment FILE, got " + args.size() + ": " + String.join(" ", args));
        }
        return args.get(0);
    }

    static List<String> overrides(CommandLine line) {
        String[] values = line.getOptionValues("set");
        return values == null ? List.of() : List.of(values);
    }

    static int positiveInt(CommandLine line, String option, int defaultValue) {
        String value = line.getOptionValue(option);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a positive integer, got '" + value + "'");
    }

    static long integer(CommandLine line, String option, long defaultValue) {
        String value = line.getOptionValue(option);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be an integer, got '" + value + "'");
        }
    }

    static List<Double> temperatures(CommandLine line, String option, List<Double> defaults) {
        String value = line.getOptionValue(option);
        if (value == null) {
            return defaults;
        }
        try {
            List<Double> list = java.util.Arrays.stream(value.split(",")).map(String::trim).map(Double::parseDouble).toList();
            if (list.isEmpty() || list.stream().anyMatch(t -> !(t > 0) || t > 10)) {
                throw new NumberFormatException();
            }
            return list;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be a comma-separated list of temperatures in (0, 10], got '"
                    + value + "'");
        }
    }
}
