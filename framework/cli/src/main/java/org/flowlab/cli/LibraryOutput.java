package org.flowlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keeps libraries from writing into the tool's standard output. SameDiff prints a line per op to
 * {@code System.out} whenever it builds a gradient function ("Added differentiated op ..."), which would bury
 * the progress and the summary. The CLI writes through the original stdout it captured; whatever else
 * reaches {@code System.out} goes to stderr, minus the known noise.
 */
final class LibraryOutput {

    private static final List<String> NOISE = List.of("Added differentiated op ");

    private LibraryOutput() {
    }

    /** @return the real standard output, for the CLI's own use */
    static PrintStream redirect() {
        PrintStream real = System.out;
        System.setOut(new PrintStream(new FilteringStream(System.err), true, StandardCharsets.UTF_8));
        return real;
    }

    private static final class FilteringStream extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        FilteringStream(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        @Override
        public synchronized void flush() {
            // partial lines wait for their newline, so they can still be recognised as noise
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (NOISE.stream().noneMatch(text::startsWith)) {
                target.print(text);
                target.flush();
            }
        }
    }
}
