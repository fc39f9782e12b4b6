package io.iotstream.scoring.errors;

import java.util.Objects;

/**
 * A record that decoded but cannot be scored (sensor out of range, NaN, wrong frame length...). Thrown by the
 * scoring processor and turned into a dead letter by {@link DeadLetterProcessingHandler}; processing goes on.
 *
 * <p>Carries no stack trace: it is an expected outcome for bad input, not a bug, and may be frequent.
 */
public final class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;
    private final String modelId;

    /**
     * @param reason why the record is refused
     * @param message what is wrong with it, for the {@code iotstream.dlq.message} header
     * @param modelId {@code name:version} of the model the record was checked against, or null
     */
    public InvalidRecordException(DeadLetterReason reason, String message, String modelId) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.modelId = modelId;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    /** The model the record was checked against, or null. */
    public String modelId() {
        return modelId;
    }
}
