package io.iotstream.model.store;

/**
 * A model failed verification: the stored {@code model.json} is not a valid artifact (bad checksum, unknown
 * format version, unreadable JSON), it does not match the place it is stored under, or the live pointer names a
 * checksum the stored version does not have. The store never returns such a model.
 */
public final class ModelVerificationException extends ModelStoreException {

    private static final long serialVersionUID = 1L;

    public ModelVerificationException(String message) {
        super(message);
    }

    public ModelVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
