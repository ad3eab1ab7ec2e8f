package org.flowlab.runner.store;

/** A record of the run store that parses as JSON but is not a valid record; the message says what is wrong. */
final class StoreFormatException extends RuntimeException {

    StoreFormatException(String message) {
        super(message);
    }
}
