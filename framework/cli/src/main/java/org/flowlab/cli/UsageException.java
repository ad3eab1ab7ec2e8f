package org.flowlab.cli;

/** A command line that cannot be run as given (missing argument, bad number): exit code 2 with the usage. */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
