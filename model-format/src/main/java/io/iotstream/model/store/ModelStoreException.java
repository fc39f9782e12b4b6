package io.iotstream.model.store;

/**
 * A model store operation failed. The message says what failed, where (a store location, never a credential),
 * and what to do about it; it is meant to be shown to a person as it is.
 *
 * <p>Subclasses name the failures a caller may want to handle: {@link VersionExistsException},
 * {@link ModelNotFoundException}, {@link ConcurrentUpdateException} and {@link ModelVerificationException}.
 * Anything else (I/O errors, S3 errors such as access denied, an unreachable endpoint) is a plain
 * {@code ModelStoreException} whose cause carries the details.
 */
public class ModelStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
