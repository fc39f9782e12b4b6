package io.iotstream.schemas.registry;

/**
 * The registry refused to register a schema because it is incompatible with the schemas already under
 * the subject, at the subject's compatibility level (HTTP 409 from a REST registry).
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
