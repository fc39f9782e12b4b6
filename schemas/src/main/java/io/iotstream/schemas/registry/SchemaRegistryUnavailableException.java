package io.iotstream.schemas.registry;

/** The registry could not be reached (connection refused, unknown host, timeout). The message names the URL. */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
