package io.iotstream.schemas.registry;

/**
 * The registry could not answer now: no connection (refused, unknown host), no answer in time, or an answer that
 * says "not now" (HTTP 408, 429, 5xx) from every URL. Retriable: the record or schema in question is not at fault,
 * so a reader should retry later rather than treat it as bad data. The message names the URLs.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** With the status and {@code error_code} of the last "not now" answer (408, 429, 5xx). */
    public SchemaRegistryUnavailableException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, httpStatus, errorCode, cause);
    }
}
