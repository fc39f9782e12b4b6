package io.iotstream.simulator.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Lines of UTF-8 text from a stream, ended by {@code \n} or {@code \r\n}, with a bound on their length: a stream
 * that never sends a newline must not exhaust the memory. A longer line is returned cut to the bound, with
 * {@link #lastWasTooLong()} true; the rest of it is skipped. Not thread-safe.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private boolean tooLong;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes is " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    String next() throws IOException {
        int length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? text(length) : null;
                }
            }
            any = true;
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int chunk = end - start;
            int kept = Math.min(chunk, maxLineBytes - length);
            if (kept > 0) {
                if (length + kept > line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + kept)));
                }
                System.arraycopy(buffer, start, line, length, kept);
                length += kept;
            }
            if (kept < chunk) {
                tooLong = true;
            }
            if (end < limit) {
                position = end + 1;
                return text(length);
            }
            position = limit;
        }
    }

    /** Whether the line {@link #next()} returned last was longer than the bound (and is cut). */
    boolean lastWasTooLong() {
        return tooLong;
    }

    private String text(int length) {
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}
