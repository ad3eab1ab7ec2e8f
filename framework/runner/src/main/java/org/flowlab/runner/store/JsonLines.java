package org.flowlab.runner.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only JSON-lines files, the run store's only mutable format.
 *
 * <p>Why it is crash-safe: every line is written with a single append of the whole line and its newline, so a
 * process killed at any moment leaves at most one incomplete last line; readers ignore a last line that has no
 * newline, and an appender cuts such a torn tail off before it writes again. A complete line that does not parse
 * cannot come from a crash: it is damage, and {@link #readLines} hands it to the reader to report. Data reaches the OS page cache on every write (survives SIGKILL); {@link Appender#force}
 * additionally fsyncs it to disk (survives a power cut) and is called at lifecycle events and, for
 * metric points, at most every {@value Appender#FORCE_INTERVAL_MILLIS} ms.
 */
public final class JsonLines {

    private JsonLines() {
    }

    /**
     * One complete line (it ends with a newline) of a JSON-lines file.
     *
     * @param number  1-based line number, for messages that name the line
     * @param json    the parsed line; null when it does not parse
     * @param problem why it does not parse; null when it does
     */
    public record Line(int number, JsonNode json, String problem) {
    }

    /** Every complete, parseable line; a torn tail and any unparseable line are skipped (for appenders' bookkeeping). */
    public static List<JsonNode> read(Path file) {
        return readLines(file).stream().filter(l -> l.json() != null).map(Line::json).toList();
    }

    /**
     * Every complete, non-blank line with its number; a line that does not parse is returned with the reason, so
     * that readers can report damage instead of skipping it. The torn tail (bytes after the last newline: a write
     * cut short by a crash) is not a line and is left out by design. A missing file has no lines.
     *
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static List<Line> readLines(Path file) {
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(file.toFile())) { // a stream: not closed by an interrupt
            bytes = in.readAllBytes();
        } catch (FileNotFoundException e) {
            if (!Files.exists(file)) {
                return List.of();
            }
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                number++;
                Line line = parse(bytes, start, i, number);
                if (line != null) {
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        // bytes[start..] has no newline: a write cut short by a crash. Ignored by design.
        return lines;
    }

    private static Line parse(byte[] bytes, int from, int to, int number) {
        // strip(), not trim(): a line of NUL bytes is damage, not a blank line
        String line = new String(bytes, from, to - from, StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) {
            return null;
        }
        try {
            return new Line(number, StoreJson.MAPPER.readTree(line), null);
        } catch (JsonProcessingException e) {
            return new Line(number, null, "is not JSON (" + StoreJson.excerpt(line) + ")");
        }
    }

    public static Appender append(Path file) {
        return new Appender(file);
    }

    /**
     * Appends lines to one file; thread-safe. Plain streams rather than a {@code FileChannel} on purpose: a
     * channel is closed for good when the writing thread is interrupted, and interrupting a trial's thread is
     * exactly how a sweep is stopped (Ctrl-C) — the trial must still be able to record that it ended.
     */
    public static final class Appender implements Closeable {

        static final long FORCE_INTERVAL_MILLIS = 2_000;

        private final Path file;
        private final FileOutputStream out;
        private long lastForce = System.currentTimeMillis();
        private boolean dirty;

        private Appender(Path file) {
            this.file = file;
            try {
                Files.createDirectories(file.getParent());
                cutTornTail(file);
                out = new FileOutputStream(file.toFile(), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + file + " for appending", e);
            }
        }

        // A line without its newline is the remains of a crash; appending after it would glue two lines.
        private static void cutTornTail(Path file) throws IOException {
            if (!Files.exists(file)) {
                return;
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                long keep = raf.length();
                while (keep > 0) {
                    raf.seek(keep - 1);
                    if (raf.read() == '\n') {
                        break;
                    }
                    keep--;
                }
                if (keep < raf.length()) {
                    raf.setLength(keep);
                    raf.getFD().sync();
                }
            }
        }

        /** One write of the whole line (O_APPEND): a crash leaves at most a torn last line. */
        public synchronized void write(JsonNode node) {
            byte[] line = (StoreJson.toLine(node) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                out.write(line);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file, e);
            }
            dirty = true;
        }

        /** Writes and fsyncs: for lifecycle events that resume depends on. */
        public synchronized void writeDurably(JsonNode node) {
            write(node);
            force();
        }

        /** fsyncs when the last fsync is older than the interval: for high-volume metric points. */
        public synchronized void forceIfDue() {
            if (dirty && System.currentTimeMillis() - lastForce >= FORCE_INTERVAL_MILLIS) {
                force();
            }
        }

        public synchronized void force() {
            try {
                out.getFD().sync();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fsync " + file, e);
            }
            lastForce = System.currentTimeMillis();
            dirty = false;
        }

        @Override
        public synchronized void close() {
            try {
                if (dirty) {
                    out.getFD().sync();
                }
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            }
        }
    }
}
