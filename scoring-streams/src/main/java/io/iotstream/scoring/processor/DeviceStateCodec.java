package io.iotstream.scoring.processor;

import java.nio.ByteBuffer;

/**
 * The bytes of a device's state in the store and its changelog (key: the device id, UTF-8):
 *
 * <pre>
 * byte 0       format version, 1
 * byte 1       flags: bit 0 = the last decision was "attention needed"
 * bytes 2-9    event time of the newest reading, ms since the epoch (Long.MIN_VALUE: none yet)
 * bytes 10-13  n, the number of values
 * then         n IEEE-754 doubles, sensor 1 first, big-endian
 * </pre>
 *
 * The margin is not stored: it is recomputed from the values for whichever model serves when the device is
 * read back.
 */
final class DeviceStateCodec {

    static final byte VERSION = 1;
    private static final int HEADER = 14;

    private DeviceStateCodec() {
    }

    static byte[] encode(DeviceState state) {
        int n = state.featureCount();
        // A new array every time: the in-memory store keeps the array it is given.
        ByteBuffer buf = ByteBuffer.allocate(HEADER + 8 * n);
        buf.put(VERSION);
        buf.put((byte) (state.attention() ? 1 : 0));
        buf.putLong(state.lastEventTime());
        buf.putInt(n);
        for (int i = 0; i < n; i++) {
            buf.putDouble(state.value(i));
        }
        return buf.array();
    }

    /**
     * @throws IllegalStateException if the bytes are not a state of this format (a corrupt or foreign changelog)
     */
    static DeviceState decode(String deviceId, byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != VERSION) {
            throw new IllegalStateException("device state of '" + deviceId + "' has " + bytes.length + " bytes and "
                    + "format " + (bytes.length > 0 ? bytes[0] : -1) + ", not format " + VERSION + ": the state store "
                    + "holds data this scorer cannot read; reset the application (score reset)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.get();
        boolean attention = (buf.get() & 1) != 0;
        long lastEventTime = buf.getLong();
        int n = buf.getInt();
        if (n < 0 || bytes.length != HEADER + 8L * n) {
            throw new IllegalStateException("device state of '" + deviceId + "' claims " + n + " values but has "
                    + bytes.length + " bytes: the state store is corrupt; reset the application (score reset)");
        }
        double[] values = new double[n];
        buf.asDoubleBuffer().get(values);
        return DeviceState.restored(deviceId, values, attention, lastEventTime);
    }
}
