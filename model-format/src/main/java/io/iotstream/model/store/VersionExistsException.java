package io.iotstream.model.store;

/**
 * A publish was refused because the version already exists (or another publisher is writing it right now).
 * Versions are immutable: publish under a new version instead.
 */
public final class VersionExistsException extends ModelStoreException {

    private static final long serialVersionUID = 1L;

    public VersionExistsException(String message) {
        super(message);
    }
}
