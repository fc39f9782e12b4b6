package io.iotstream.model.store;

/** The model, version or live pointer asked for is not in the store (or nothing to roll back to). */
public final class ModelNotFoundException extends ModelStoreException {

    private static final long serialVersionUID = 1L;

    public ModelNotFoundException(String message) {
        super(message);
    }
}
