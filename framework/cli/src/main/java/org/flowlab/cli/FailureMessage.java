package org.flowlab.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The one line the CLI prints for an error it did not expect, without a stack trace. Wrappers such as
 * "cannot write runs/x/summary.csv" hide the operating system's reason in their cause; the reason is what the
 * user can act on ("No space left on device", "Permission denied"), so it is appended.
 */
final class FailureMessage {

    static final String DISK_FULL_HINT = "the disk is full: free some space (or pass --store DIR on another disk) "
            + "and run the same command again; finished trials are kept";

    private FailureMessage() {
    }

    static String of(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        String reason = ioReason(e);
        if (reason != null && !text.contains(reason)) {
            text = text + ": " + reason;
        }
        if (text.toLowerCase(Locale.ROOT).contains("no space left")) {
            text = text + " (" + DISK_FULL_HINT + ")";
        }
        return text;
    }

    /** The reason given by the deepest I/O exception in the cause chain, or null. */
    private static String ioReason(Throwable e) {
        String reason = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof FileSystemException fs) {
                reason = fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName() + " " + fs.getFile();
            } else if (t instanceof IOException && t.getMessage() != null) {
                reason = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return reason;
    }
}
