package io.iotstream.simulator;

/** Where simulated events go. */
public enum SinkKind {
    /** Avro records in the Confluent wire format to a Kafka topic, keyed by device id. */
    KAFKA,
    /** The original's event lines, served to every client of a TCP port (like the original piped into nc -lk). */
    TCP,
    /** The original's event lines on standard output. */
    STDOUT
}
