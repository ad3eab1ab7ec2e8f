package org.flowlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.flowlab.api.options.Suggestions;
import org.flowlab.api.plugin.FrameworkVersion;
import org.flowlab.runner.cli.Subcommand;

/**
 * {@code flowlab SUBCOMMAND [options]}. Subcommands are whatever {@link ServiceLoader} finds: this module
 * contributes run, validate, plugins, sample and bench; the tracking module contributes sync and ui.
 * Exit codes: 0 success, 1 a run that completed with failed trials (or an operational error), 2 a usage or
 * validation error.
 */
public final class FlowLabCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private FlowLabCli() {
    }

    public static void main(String[] args) {
        // Charts are drawn off-screen; without this AWT may look for a display.
        System.setProperty("java.awt.headless", "true");
        PrintStream out = LibraryOutput.redirect();
        int code = run(args, out, System.err);
        out.flush();
        if (insideSparkYarnApplicationMaster()) {
            // spark-submit --master yarn --deploy-mode cluster: the application master runs this main in a thread of
            // its own JVM and reports the outcome to YARN when main returns or throws; System.exit would end it
            // first, which YARN counts as a crash and runs the whole command again.
            if (code != OK) {
                throw new IllegalStateException("flowlab exited with code " + code + " (its output says why)");
            }
            return;
        }
        System.exit(code);
    }

    /** Spark's YARN application master names the application in this property before it starts the driver's main. */
    private static boolean insideSparkYarnApplicationMaster() {
        return System.getProperty("spark.yarn.app.id") != null;
    }

    /** Everything main does except exiting, so tests run the real entry point in-process. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Subcommand> commands = discover();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            printToolHelp(commands, out);
            return args.length == 0 ? USAGE : OK;
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            out.println("flowlab " + FrameworkVersion.get());
            return OK;
        }
        if (args[0].equals("help")) {
            if (args.length > 1 && commands.containsKey(args[1])) {
                printCommandHelp(commands.get(args[1]), out);
                return OK;
            }
            printToolHelp(commands, out);
            return OK;
        }
        Subcommand command = commands.get(args[0]);
        if (command == null) {
            String hint = Suggestions.closest(args[0], commands.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("");
            err.println("flowlab: unknown command '" + args[0] + "'" + hint + "; commands: "
                    + String.join(", ", commands.keySet()));
            err.println("Try 'flowlab --help'.");
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Options options = withHelp(command.options());
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, rest);
        } catch (ParseException e) {
            return Usage.error(command, err, e.getMessage());
        }
        if (line.hasOption("help")) {
            printCommandHelp(command, out);
            return OK;
        }
        try {
            return command.run(line, out, err);
        } catch (UsageException e) {
            return Usage.error(command, err, e.getMessage());
        } catch (Exception e) {
            err.println("flowlab " + command.name() + ": " + FailureMessage.of(e));
            if (System.getenv("FLOWLAB_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set FLOWLAB_DEBUG=1 for the stack trace)");
            }
            return FAILED;
        }
    }

    static Map<String, Subcommand> discover() {
        List<Subcommand> found = new ArrayList<>();
        ServiceLoader.load(Subcommand.class).forEach(found::add);
        found.sort(Comparator.comparingInt(FlowLabCli::order).thenComparing(Subcommand::name));
        Map<String, Subcommand> byName = new LinkedHashMap<>();
        found.forEach(c -> byName.putIfAbsent(c.name(), c));
        return byName;
    }

    // The everyday commands first, in the order a new user needs them; contributed ones after, by name.
    private static int order(Subcommand command) {
        int index = List.of("run", "validate", "plugins", "sample", "bench", "download").indexOf(command.name());
        return index < 0 ? 100 : index;
    }

    private static Options withHelp(Options options) {
        Options copy = new Options();
        options.getOptions().forEach(copy::addOption);
        if (!copy.hasOption("help")) {
            copy.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        }
        return copy;
    }

    private static void printToolHelp(Map<String, Subcommand> commands, PrintStream out) {
        out.println("usage: flowlab COMMAND [options]");
        out.println();
        out.println("Ablation sweeps over normalizing-flow components (NICE, RealNVP, Glow).");
        out.println();
        out.println("commands:");
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(8);
        commands.values().forEach(c -> out.println("  " + pad(c.name(), width) + "  " + c.summary()));
        out.println();
        out.println("Run 'flowlab COMMAND --help' for a command's options.");
        out.println("Start with: flowlab run experiments/quickstart.yaml");
    }

    static void printCommandHelp(Subcommand command, PrintStream out) {
        Usage.print(command, withHelp(command.options()), out);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
