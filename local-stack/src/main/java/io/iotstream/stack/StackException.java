package io.iotstream.stack;

/** A stack operation failed; the message says which service, why, and what to do. */
public final class StackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }
}
