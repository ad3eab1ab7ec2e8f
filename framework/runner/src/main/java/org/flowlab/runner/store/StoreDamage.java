package org.flowlab.runner.store;

import java.nio.file.Path;

/**
 * Something in the run store that is not what FlowLab wrote: a line that is not JSON or not a valid event, an
 * unknown status, a JSON file that does not parse, an artifact that is gone or has another size. A trial or sweep
 * with damage is never reported as finished: {@code flowlab run} runs the trial again, {@code flowlab sync}
 * reports it instead of uploading it.
 *
 * @param file    the damaged file (or the missing one)
 * @param line    1-based line number inside {@code file}; 0 when the problem is the whole file
 * @param problem what is wrong, e.g. {@code is not JSON (…)} or {@code has an unknown status 'BOGUS'}
 */
public record StoreDamage(Path file, int line, String problem) {

    /** {@code <file> line <n>: <problem>}, the way every message about damage names it. */
    public String describe() {
        return file + (line > 0 ? " line " + line : "") + ": " + problem;
    }

    @Override
    public String toString() {
        return describe();
    }
}
