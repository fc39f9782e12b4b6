package io.iotstream.model;

/**
 * A model artifact (JSON or PMML) could not be accepted.
 *
 * <p>The message always names the offending field (as a JSON path such as {@code weights[3]} or
 * {@code provenance.dataUri}, or a PMML element) and says what to do about it, so that it can be shown to an
 * operator as is. Loaders throw this instead of returning a partially valid model: a model that is rejected here is
 * never scored.
 */
public final class InvalidModelException extends Exception {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
