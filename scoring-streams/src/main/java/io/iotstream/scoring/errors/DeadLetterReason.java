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
    /** A sensor number outside 1..n, n being the live model's feature count (negative numbers are end markers). */
    SENSOR_OUT_OF_RANGE("sensor-out-of-range"),
    /** A NaN or infinite value. */
    VALUE_NOT_FINITE("value-not-finite"),
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
