package io.iotstream.simulator.sink;

import io.iotstream.schemas.csv.SensorEventLine;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The original's event lines on an output stream (standard output), as {@code sim_sensors_lr.py} prints them.
 * Devices are not distinguished: the line format has no device id.
 */
public final class StreamSink implements EventSink {

    private final OutputStream out;
    private final String name;
    private final LineBuffer buffer = new LineBuffer();
    private volatile long delivered; // read by the progress reporter

    /**
     * @param out where the lines go; flushed, not closed, by {@link #close()}
     * @param name for messages, e.g. {@code "standard output"}
     */
    public StreamSink(OutputStream out, String name) {
        this.out = Objects.requireNonNull(out, "out");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public void open() {
        // nothing to prepare
    }

    @Override
    public void reading(int device, long epochMillis, int sensor, double value) throws IOException {
        buffer.add(epochMillis, sensor, value);
        if (buffer.full()) {
            write();
        }
    }

    @Override
    public void frame(int device, long epochMillis, double[] values, Integer label) {
        throw new UnsupportedOperationException("frames are Avro records: use the Kafka sink");
    }

    @Override
    public void endOfStream(long epochMillis) throws IOException {
        write(); // the events before it are counted, the marker is not
        buffer.add(epochMillis, SensorEventLine.END_OF_STREAM_SENSOR, 0.0);
        write(false);
    }

    @Override
    public void flush() throws IOException {
        write();
        try {
            out.flush();
        } catch (IOException e) {
            throw closed(e);
        }
    }

    private void write() throws IOException {
        write(true);
    }

    private void write(boolean countLines) throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        try {
            buffer.writeTo(out);
        } catch (IOException e) {
            throw closed(e);
        }
        if (countLines) {
            delivered += buffer.lines();
        }
        buffer.clear();
    }

    private SinkException closed(IOException e) {
        return new SinkException(name + " was closed while writing (" + e.getMessage() + "): nothing reads the "
                + "lines any more", e);
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
