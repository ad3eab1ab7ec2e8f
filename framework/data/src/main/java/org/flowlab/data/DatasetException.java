package org.flowlab.data;

import java.nio.file.Path;

/**
 * A dataset file is missing, unreadable, corrupt or fails its checksum.
 * The file is a required constructor argument so that every message names it:
 * the user's fix is almost always to replace that one file.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Path is not Serializable; the message already carries it for anyone who serialises this.
    private final transient Path file;

    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the problem is about. */
    public Path file() {
        return file;
    }
}
