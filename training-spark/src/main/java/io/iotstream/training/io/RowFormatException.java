package io.iotstream.training.io;

/** A CSV row that is not {@code label,v1,...,vn}; the message says which field and why, without file or line. */
public final class RowFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public RowFormatException(String message) {
        super(message);
    }
}
