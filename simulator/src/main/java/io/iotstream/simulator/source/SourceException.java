package io.iotstream.simulator.source;

import java.io.IOException;

/** A source cannot be read; the message says why and how to fix it, for the user. */
public final class SourceException extends IOException {

    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
