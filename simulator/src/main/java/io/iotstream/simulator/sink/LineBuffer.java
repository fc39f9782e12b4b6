package io.iotstream.simulator.sink;

import io.iotstream.schemas.csv.SensorEventLine;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** Event lines collected as ASCII bytes, to be written in one call per batch. Not thread-safe. */
final class LineBuffer {

    /** Written out when this full: large enough for few system calls, small enough to stay in cache. */
    static final int FLUSH_BYTES = 64 * 1024;

    private final SensorEventLine.Formatter formatter = new SensorEventLine.Formatter();
    private final StringBuilder line = new StringBuilder(64);
    private byte[] bytes = new byte[FLUSH_BYTES + 1024];
    private int length;
    private int lines;

    /** Appends one event line and its newline. */
    void add(long epochMillis, int sensor, double value) {
        line.setLength(0);
        formatter.append(line, epochMillis, sensor, value).append('\n');
        int n = line.length();
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        // the format is ASCII: one byte per char
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) line.charAt(i);
        }
        lines++;
    }

    boolean full() {
        return length >= FLUSH_BYTES;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Lines in the buffer. */
    int lines() {
        return lines;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    void clear() {
        length = 0;
        lines = 0;
    }
}
