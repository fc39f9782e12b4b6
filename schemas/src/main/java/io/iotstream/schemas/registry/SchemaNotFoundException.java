package io.iotstream.schemas.registry;

/** The registry has no schema with the requested id, or the subject does not hold the schema. */
public class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
