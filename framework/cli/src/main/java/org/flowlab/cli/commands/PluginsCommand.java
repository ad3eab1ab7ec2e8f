package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.Component;
import org.flowlab.api.plugin.Family;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.cli.UsageException;
import org.flowlab.cli.Wiring;
import org.flowlab.data.Datasets;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.runner.cli.Subcommand;
import org.flowlab.runner.launch.LaunchSettings;
import org.flowlab.runner.launch.LauncherPlugin;
import org.flowlab.runner.launch.Launchers;
import org.flowlab.runner.spec.ExperimentSchema;
import org.flowlab.runner.spec.Values;

/** {@code flowlab plugins}: what an experiment file may name, with every option's default and valid values. */
public final class PluginsCommand implements Subcommand {

    /** Not a model family (it never changes what a trial is), but listed like one. */
    private static final String LAUNCHER = "launcher";

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String summary() {
        return "list every installed component per family with its options, defaults and valid values";
    }

    @Override
    public String usage() {
        return "[--family normalization|permutation|coupling|prior|launcher]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("family").hasArg().argName("FAMILY")
                .desc("only this family").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) {
        String only = line.getOptionValue("family");
        if (only != null && !Family.keys().contains(only.toLowerCase(Locale.ROOT)) && !only.equalsIgnoreCase(LAUNCHER)) {
            throw new UsageException("unknown family '" + only + "'; families: " + String.join(", ", Family.keys())
                    + ", " + LAUNCHER);
        }
        if (only != null && only.equalsIgnoreCase(LAUNCHER)) {
            printLaunchers(out);
            return FlowLabCli.OK;
        }
        ComponentRegistry registry = Wiring.registry();
        for (Family family : Family.values()) {
            if (only != null && !family.key().equals(only.toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.println(family.key() + " (model." + family.key() + ", default "
                    + ExperimentSchema.DEFAULT_PLUGINS.get(family) + ")");
            for (String name : registry.names(family)) {
                Component component = registry.get(family, name);
                out.println("  " + name + " — " + component.description());
                for (OptionSpec option : component.options()) {
                    out.println("      " + option.name() + ": " + option.validValues() + "; default "
                            + (option.defaultValue() == null ? "inherited" : Values.format(option.defaultValue()))
                            + " — " + option.description());
                }
            }
            out.println();
        }
        if (only == null) {
            printLaunchers(out);
            out.println("datasets: " + String.join(", ", Datasets.names()));
            out.println("plugin modules: " + String.join(", ", Wiring.plugins().versions().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
            out.println();
            out.println("In an experiment file: model: {coupling: affine} or model: {coupling: {name: affine, scale: exp}}");
        }
        return FlowLabCli.OK;
    }

    private static void printLaunchers(PrintStream out) {
        out.println(LAUNCHER + " (--launcher NAME or the file's launcher: block; where trials run, default "
                + LaunchSettings.DEFAULT + ")");
        for (LauncherPlugin launcher : Launchers.discover().all()) {
            out.println("  " + launcher.name() + " — " + launcher.description());
            launcher.settingsHelp().forEach(h -> out.println("      " + h));
        }
        out.println();
    }
}
