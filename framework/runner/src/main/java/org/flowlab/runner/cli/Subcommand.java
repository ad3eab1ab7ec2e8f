package org.flowlab.runner.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One {@code flowlab} subcommand. The CLI finds every implementation with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.flowlab.runner.cli.Subcommand}), so modules such as tracking add
 * commands ({@code sync}, {@code ui}) without the CLI naming them.
 */
public interface Subcommand {

    String name();

    /** One line for {@code flowlab --help}. */
    String summary();

    /** Usage after the subcommand name, e.g. {@code FILE [--set k=v]...}. */
    String usage();

    Options options();

    /**
     * @return the process exit code: 0 success, 1 a run that completed with failures, 2 a usage or
     *         validation error (message already printed to {@code err})
     */
    int run(CommandLine line, PrintStream out, PrintStream err) throws Exception;
}
