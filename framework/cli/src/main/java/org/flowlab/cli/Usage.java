package org.flowlab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.flowlab.runner.cli.Subcommand;

/** Help texts and usage errors, the same for every subcommand (including contributed ones). */
public final class Usage {

    private Usage() {
    }

    public static void print(Subcommand command, Options options, PrintStream out) {
        PrintWriter writer = new PrintWriter(out);
        HelpFormatter formatter = HelpFormatter.builder().get();
        formatter.setOptionComparator(null); // declaration order: the important options first
        formatter.printHelp(writer, 100, "flowlab " + command.name() + " " + command.usage(),
                "\n" + command.summary() + "\n\noptions:", options, 2, 3, null, false);
        writer.flush();
    }

    /** Prints the problem and how to get help; returns exit code 2. */
    public static int error(Subcommand command, PrintStream err, String message) {
        err.println("flowlab " + command.name() + ": " + message);
        err.println("usage: flowlab " + command.name() + " " + command.usage());
        err.println("Try 'flowlab " + command.name() + " --help'.");
        return FlowLabCli.USAGE;
    }
}
