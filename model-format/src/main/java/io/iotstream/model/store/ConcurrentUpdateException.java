package io.iotstream.model.store;

/**
 * The live pointer changed between reading and replacing it, and retrying did not help: another promote or
 * rollback is running. Look at the live version ({@code model list}) and run the command again.
 */
public final class ConcurrentUpdateException extends ModelStoreException {

    private static final long serialVersionUID = 1L;

    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
