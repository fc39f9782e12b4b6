package io.iotstream.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The simulated devices: {@code size()} devices numbered from 0, each with a stable id ({@code device-00042}) and
 * its id's UTF-8 bytes, which are the Kafka record key, encoded once.
 */
public final class Fleet {

    private final String prefix;
    private final String[] ids;
    private final byte[][] keys;

    /**
     * @param devices how many devices, at least 1
     * @param prefix what every device id starts with
     */
    public Fleet(int devices, String prefix) {
        if (devices < 1) {
            throw new IllegalArgumentException("devices is " + devices + ": use at least 1");
        }
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.ids = new String[devices];
        this.keys = new byte[devices][];
        for (int d = 0; d < devices; d++) {
            ids[d] = idOf(prefix, d);
            keys[d] = ids[d].getBytes(StandardCharsets.UTF_8);
        }
    }

    private Fleet(String prefix, String[] ids) {
        this.prefix = prefix;
        this.ids = ids;
        this.keys = new byte[ids.length][];
        for (int d = 0; d < ids.length; d++) {
            keys[d] = ids[d].getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A fleet of devices with the given ids (the bridge's one device), in that order. */
    public static Fleet of(String... ids) {
        if (ids.length < 1) {
            throw new IllegalArgumentException("a fleet needs at least one device");
        }
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("device id is blank: name the device, e.g. --device pump-7");
            }
        }
        return new Fleet("", ids.clone());
    }

    /** The id of device {@code index}: the prefix and the index with at least five digits. */
    public static String idOf(String prefix, int index) {
        String digits = Integer.toString(index);
        return digits.length() >= 5 ? prefix + digits : prefix + "00000".substring(digits.length()) + digits;
    }

    public int size() {
        return ids.length;
    }

    public String prefix() {
        return prefix;
    }

    public String id(int device) {
        return ids[device];
    }

    /** The device id's UTF-8 bytes; do not modify. */
    public byte[] key(int device) {
        return keys[device];
    }
}
