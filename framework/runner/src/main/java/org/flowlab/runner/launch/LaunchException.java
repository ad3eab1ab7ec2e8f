package org.flowlab.runner.launch;

/** A launcher cannot start or cannot go on; the message says why and what to do (exit 1, not a usage error). */
public class LaunchException extends RuntimeException {

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
