package org.sabt.local;

/** A stack that cannot start, with a message fit for one line of a terminal (plus a log tail). */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
