package io.iotstream.scoring.processor.internal;

import io.iotstream.scoring.policy.DeviceDecision;
import java.nio.ByteBuffer;

/**
 * The bytes of a device's state in the store and its changelog (key: the device id, UTF-8). Format 2, written
 * since the scorer persists due interval scores:
 *
 * <pre>
 * byte 0       format version, 2
 * byte 1       flags: bit 0 = the last decision was "attention needed"; bit 1 = an interval score is due
 * bytes 2-9    event time of the newest reading, ms since the epoch (Long.MIN_VALUE: none yet)
 * bytes 10-17  with bit 1: end (exclusive, event time in ms) of the interval whose score is due
 * bytes 18-21  events since the device was last scored
 * byte 22      w, the number of words of the alert policy's state (0 to 16)
 * bytes 23-26  n, the number of values
 * then         w longs (the policy's words), then n IEEE-754 doubles, sensor 1 first; all big-endian
 * </pre>
 *
 * Format 1, written by earlier releases, is read too (as nothing due, no events counted):
 *
 * <pre>
 * byte 0       format version, 1
 * byte 1       flags: bit 0 = the last decision was "attention needed"
 * bytes 2-9    event time of the newest reading
 * bytes 10-13  n, the number of values
 * then         n doubles
 * </pre>
 *
 * The margin is not stored: it is recomputed from the values for whichever model serves when the device is
 * read back. The header can be read without the values ({@link #attention(byte[])}, {@link #pending(byte[])},
 * {@link #lastEventTime(byte[])}), so that a task can survey its devices at start without decoding every vector.
 */
final class DeviceStateCodec {

    static final byte VERSION = 2;
    static final byte VERSION_1 = 1;
    private static final int HEADER = 27;
    private static final int HEADER_1 = 14;
    private static final int ATTENTION = 1;
    private static final int PENDING = 2;

    private DeviceStateCodec() {
    }

    static byte[] encode(DeviceState state) {
        int n = state.featureCount();
        int w = state.wordCount();
        // A new array every time: the in-memory store keeps the array it is given.
        ByteBuffer buf = ByteBuffer.allocate(HEADER + 8 * (w + n));
        buf.put(VERSION);
        buf.put((byte) ((state.attention() ? ATTENTION : 0) | (state.pending() ? PENDING : 0)));
        buf.putLong(state.lastEventTime());
        buf.putLong(state.pending() ? state.pendingUntil : 0L);
        buf.putInt(state.eventsSinceScored);
        buf.put((byte) w);
        buf.putInt(n);
        for (int i = 0; i < w; i++) {
            buf.putLong(state.word(i));
        }
        for (int i = 0; i < n; i++) {
            buf.putDouble(state.value(i));
        }
        return buf.array();
    }

    /**
     * @throws IllegalStateException if the bytes are not a state of a known format (a corrupt or foreign changelog)
     */
    static DeviceState decode(String deviceId, byte[] bytes) {
        int header = header(deviceId, bytes);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.get();
        int flags = buf.get();
        long lastEventTime = buf.getLong();
        long pendingUntil = DeviceState.NOT_PENDING;
        int events = 0;
        int w = 0;
        if (header == HEADER) {
            long until = buf.getLong();
            if ((flags & PENDING) != 0) {
                pendingUntil = until;
            }
            events = buf.getInt();
            w = buf.get() & 0xff;
        }
        int n = buf.getInt();
        if (n < 0 || w > DeviceDecision.MAX_WORDS || bytes.length != header + 8L * (w + (long) n)) {
            throw new IllegalStateException("device state of '" + deviceId + "' claims " + w + " policy words and "
                    + n + " values but has " + bytes.length + " bytes: the state store is corrupt; reset the "
                    + "application (score reset)");
        }
        long[] words = new long[w];
        for (int i = 0; i < w; i++) {
            words[i] = buf.getLong();
        }
        double[] values = new double[n];
        buf.asDoubleBuffer().get(values);
        return DeviceState.restored(deviceId, values, (flags & ATTENTION) != 0, lastEventTime, pendingUntil, events,
                words);
    }

    /** Whether the stored device's last decision was "attention needed", read from the header alone. */
    static boolean attention(byte[] bytes) {
        return bytes.length > 1 && (bytes[1] & ATTENTION) != 0;
    }

    /** Whether the stored device has an interval score due (format 2 only), read from the header alone. */
    static boolean pending(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == VERSION && (bytes[1] & PENDING) != 0;
    }

    /** The stored device's newest event time, read from the header alone. */
    static long lastEventTime(byte[] bytes) {
        return bytes.length >= 10 ? ByteBuffer.wrap(bytes, 2, 8).getLong() : Long.MIN_VALUE;
    }

    private static int header(String deviceId, byte[] bytes) {
        byte version = bytes.length > 0 ? bytes[0] : -1;
        int header = version == VERSION ? HEADER : version == VERSION_1 ? HEADER_1 : -1;
        if (header < 0 || bytes.length < header) {
            throw new IllegalStateException("device state of '" + deviceId + "' has " + bytes.length + " bytes and "
                    + "format " + version + ", not format " + VERSION + " or " + VERSION_1 + ": the state store "
                    + "holds data this scorer cannot read (written by a newer release, or not by the scorer); run "
                    + "that release, or reset the application (score reset)");
        }
        return header;
    }
}
