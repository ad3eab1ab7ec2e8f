package org.flowlab.runner.store;

/** Another live process is running the same experiment against the same run store. */
public class StoreBusyException extends RuntimeException {

    public StoreBusyException(String message) {
        super(message);
    }
}
