package io.iotstream.training.io;

/**
 * Carries a {@link BadInputException} out of code that cannot throw checked exceptions (iterators in Spark tasks).
 * The driver finds the cause in the job failure's cause chain.
 */
public final class UncheckedBadInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UncheckedBadInput(BadInputException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized BadInputException getCause() {
        return (BadInputException) super.getCause();
    }
}
