package org.flowlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the real entry point in-process and captures what it prints. */
final class Cli {

    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FlowLabCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The project root, from the surefire property (falls back to the module's grandparent). */
    static Path projectRoot() {
        String root = System.getProperty("flowlab.projectRoot");
        Path path = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent().getParent();
        return path.toAbsolutePath().normalize();
    }
}
