package org.flowlab.runner.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an experiment file as UTF-8 text, or says in plain words why it is not one: missing, a folder, far too
 * large, binary, not UTF-8 (with the byte offset, where the JDK would only say "Input length = 1").
 */
final class ExperimentText {

    /** Experiment files are a few KB; anything this large is the wrong file (and would only be read whole). */
    static final long MAX_BYTES = 1 << 20;

    private ExperimentText() {
    }

    /** @throws InvalidExperimentException naming the file and what is wrong with it */
    static String read(Path file) {
        String source = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw problem(source, "is a folder, not an experiment file (give the path of a .yaml file)");
            }
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                throw problem(source, "is " + Files.size(file) + " bytes, not an experiment file (those are a few KB "
                        + "of YAML; the limit is " + MAX_BYTES + " bytes)");
            }
            return decode(Files.readAllBytes(file), source);
        } catch (NoSuchFileException e) {
            throw problem(source, "no such file");
        } catch (AccessDeniedException e) {
            throw problem(source, "cannot read it: permission denied");
        } catch (IOException e) {
            throw problem(source, "cannot read it: " + e.getMessage());
        }
    }

    static String decode(byte[] bytes, String source) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw problem(source, "is not a text file: it has a NUL byte at byte offset " + i
                        + " (an experiment file is YAML text in UTF-8)");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1); // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw problem(source, "is not a text file: not UTF-8 at byte offset " + in.position()
                    + " (an experiment file is YAML text in UTF-8)");
        }
        return out.flip().toString();
    }

    private static InvalidExperimentException problem(String source, String message) {
        return new InvalidExperimentException(source, List.of(new Problem(Location.of(source), "", message)));
    }
}
