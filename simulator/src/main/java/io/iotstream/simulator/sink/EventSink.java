package io.iotstream.simulator.sink;

import java.io.IOException;
import java.util.Map;

/**
 * Where the simulation's and the bridge's events go. Called from one thread: {@link #open()}, then events, then
 * {@link #close()}.
 *
 * <p>Sinks may buffer: {@link #flush()} is called whenever the simulation is about to wait for the next event, so
 * that at low rates each event leaves on time and at high rates many leave together.
 */
public interface EventSink extends AutoCloseable {

    /**
     * Prepares to send: connects, checks the destination is usable (a Kafka sink fails here, within its timeout,
     * when the brokers or the registry cannot be reached), waits for a first client (TCP).
     *
     * @throws SinkException with a message that names the fix
     */
    void open() throws IOException;

    /** One reading of one sensor of device {@code device}. */
    void reading(int device, long epochMillis, int sensor, double value) throws IOException;

    /**
     * All sensor values of device {@code device} at once.
     *
     * @param values sensor 1 first; the sink must not keep the array
     * @param label the rule's label, or null
     */
    void frame(int device, long epochMillis, double[] values, Integer label) throws IOException;

    /** The original's end of the stream (sensor number -1), once per device where devices are distinguished. */
    void endOfStream(long epochMillis) throws IOException;

    /**
     * Keeps something read that is no event (a line the bridge could not parse), so that nothing read vanishes:
     * sent to {@code topic} with the same delivery tracking as events, keyed by device {@code device}, and not
     * counted in {@link #delivered()}. Only sinks with somewhere to put it take one: the Kafka sink does; lines on
     * a socket or a stream have no room for headers.
     *
     * @param value the bytes as read
     * @param headers why and where from ({@code iotstream.dlq.*}), sent in the map's order
     * @throws UnsupportedOperationException if the sink takes no dead letters
     */
    default void deadLetter(String topic, int device, byte[] value, Map<String, String> headers)
            throws IOException {
        throw new UnsupportedOperationException(describe() + " takes no dead letters: use the Kafka sink");
    }

    /** Sends what is buffered. */
    void flush() throws IOException;

    /**
     * Events confirmed delivered so far: acknowledged by Kafka, or written to the socket or stream. End markers
     * are not counted.
     */
    long delivered();

    /** What the sink is, for the start line: {@code kafka topic iot.sensor-readings.v1 at 127.0.0.1:9092}. */
    String describe();

    /**
     * Sends what is buffered, waits for it to be confirmed (Kafka acknowledgements) and releases everything.
     *
     * @throws SinkException if events could not be delivered
     */
    @Override
    void close() throws IOException;
}
