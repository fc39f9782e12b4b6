package io.iotstream.scoring.errors;

/**
 * Why a record went to the dead-letter topic; the value of the {@code iotstream.dlq.reason} header and the
 * {@code reason} tag of the {@code iotstream_records_in_error_total} metric.
 */
public enum DeadLetterReason {
    /** The bytes are not a readable record (not Confluent-framed Avro, unknown schema id, truncated...). */
    UNDECODABLE("undecodable"),
    /** A null value (tombstone) or an empty device id: nothing to score. */
    EMPTY_RECORD("empty-record"),
    /**
     * A sensor number outside 1..n, n being the live model's feature count; -1 alone is the original benchmark's
     * end-of-stream marker, counted and not scored.
     */
    SENSOR_OUT_OF_RANGE("sensor-out-of-range"),
    /** A NaN or infinite value. */
    VALUE_NOT_FINITE("value-not-finite"),
    /**
     * A finite value outside the configured range ({@code reading.value.min}, {@code reading.value.max}), or one so
     * large that the model's margin over the device's values is undefined (an overflow of opposite signs).
     */
    VALUE_OUT_OF_RANGE("value-out-of-range"),
    /**
     * A record whose Kafka key is not its device id (UTF-8), or has none: its device could be on another partition,
     * and so in another task, than its other records, with a second, contradictory state.
     */
    KEY_NOT_DEVICE_ID("key-not-device-id"),
    /** A frame whose number of values differs from the live model's feature count. */
    FRAME_LENGTH_MISMATCH("frame-length-mismatch");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    /** The stable, lower-case code written to headers and metrics. */
    public String code() {
        return code;
    }
}
