package io.iotstream.schemas.kafka;

/**
 * Header names of IoTStream dead letters, the contract with whoever reads a dead-letter topic: the scorer's
 * ({@link Topics#SCORING_DEAD_LETTERS}) and the bridge's. A dead letter's value is the original bytes, unchanged;
 * these headers (UTF-8 strings) say why and where from. See docs/scoring.md and docs/simulator.md.
 */
public final class DeadLetterHeaders {

    public static final String PREFIX = "iotstream.dlq.";
    /** Why, as a stable lower-case code (the scorer's reasons, or {@code malformed-line} from the bridge). */
    public static final String REASON = PREFIX + "reason";
    /** What is wrong, in words. */
    public static final String MESSAGE = PREFIX + "message";
    /** Where the record was consumed from (scorer): topic, partition and offset. */
    public static final String SOURCE_TOPIC = PREFIX + "source.topic";
    public static final String SOURCE_PARTITION = PREFIX + "source.partition";
    public static final String SOURCE_OFFSET = PREFIX + "source.offset";
    /** Where a line was read (bridge): {@code stdin}, {@code tcp://host:port} or {@code file:<path>}. */
    public static final String SOURCE = PREFIX + "source";
    /** The line's number in its source, from 1 (bridge). */
    public static final String LINE = PREFIX + "line";
    /** The step that refused it: {@code deserialize}, {@code validate} (scorer) or {@code parse} (bridge). */
    public static final String STAGE = PREFIX + "stage";
    /** Class name of the exception that refused the record. */
    public static final String EXCEPTION = PREFIX + "exception";
    /** {@code name:version} of the model the record was checked against, or {@code none} (scorer). */
    public static final String MODEL = PREFIX + "model";

    private DeadLetterHeaders() {
    }
}
