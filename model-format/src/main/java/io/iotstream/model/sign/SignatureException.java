package io.iotstream.model.sign;

/** A signature or key that cannot be used; the message says why and what to do. */
public class SignatureException extends Exception {

    private static final long serialVersionUID = 1L;

    public SignatureException(String message) {
        super(message);
    }

    public SignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
