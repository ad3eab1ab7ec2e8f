package org.flowlab.tracking.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.DefaultParser;
import org.flowlab.runner.cli.Subcommand;

/** Runs a {@link Subcommand} the way the CLI does (Commons CLI parsing), capturing both streams. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(Subcommand command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = command.run(new DefaultParser().parse(command.options(), args), o, e);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Exception ex) {
            throw new AssertionError("flowlab " + command.name() + " threw", ex);
        }
    }
}
