package io.iotstream.scoring.errors;

import io.iotstream.schemas.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key and value bytes, unchanged, with {@code iotstream.dlq.*} headers
 * saying why and where from. The headers are the contract with whoever reads the error topic; see
 * docs/scoring.md.
 */
public final class DeadLetters {

    // The header names live in schemas' DeadLetterHeaders, shared with the bridge; repeated here for callers.
    public static final String HEADER_PREFIX = DeadLetterHeaders.PREFIX;
    /** {@link DeadLetterReason#code()}. */
    public static final String REASON = DeadLetterHeaders.REASON;
    /** What is wrong, in words. */
    public static final String MESSAGE = DeadLetterHeaders.MESSAGE;
    public static final String SOURCE_TOPIC = DeadLetterHeaders.SOURCE_TOPIC;
    public static final String SOURCE_PARTITION = DeadLetterHeaders.SOURCE_PARTITION;
    public static final String SOURCE_OFFSET = DeadLetterHeaders.SOURCE_OFFSET;
    /** {@code deserialize} (the bytes did not decode) or {@code validate} (decoded, but not scorable). */
    public static final String STAGE = DeadLetterHeaders.STAGE;
    /** Class name of the exception that refused the record. */
    public static final String EXCEPTION = DeadLetterHeaders.EXCEPTION;
    /** {@code name:version} of the model the record was checked against, or {@code none}. */
    public static final String MODEL = DeadLetterHeaders.MODEL;

    public static final String STAGE_DESERIALIZE = "deserialize";
    public static final String STAGE_VALIDATE = "validate";

    /** Longest message kept in a header: a broken record must not produce a huge dead letter. */
    private static final int MAX_MESSAGE_CHARS = 1_000;

    private DeadLetters() {
    }

    /**
     * A dead letter for the record at {@code sourceTopic}/{@code partition}/{@code offset}.
     *
     * @param topic the dead-letter topic
     * @param key the original key bytes (may be null)
     * @param value the original value bytes (may be null)
     * @param modelId the model in use, or null
     */
    public static ProducerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value, String sourceTopic,
            int partition, long offset, DeadLetterReason reason, String stage, Exception cause, String modelId) {
        Headers headers = new RecordHeaders();
        add(headers, REASON, reason.code());
        add(headers, MESSAGE, truncate(cause.getMessage()));
        add(headers, SOURCE_TOPIC, sourceTopic);
        add(headers, SOURCE_PARTITION, Integer.toString(partition));
        add(headers, SOURCE_OFFSET, Long.toString(offset));
        add(headers, STAGE, stage);
        add(headers, EXCEPTION, cause.getClass().getName());
        add(headers, MODEL, modelId == null ? "none" : modelId);
        // Partition left to the producer: the error topic need not have the input's partition count.
        return new ProducerRecord<>(topic, null, null, key, value, headers);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
