package io.iotstream.simulator.sink;

import java.io.IOException;

/** A sink cannot deliver; the message says why and how to fix it, for the user. */
public final class SinkException extends IOException {

    private static final long serialVersionUID = 1L;

    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
