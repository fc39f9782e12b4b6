package io.iotstream.scoring.processor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The devices of one task by id, looked up straight from the UTF-8 bytes of the id inside a record's value, so that
 * a reading costs no {@code String} and the lookup touches as few cache lines as possible.
 *
 * <p>Why not a {@code HashMap<String, DeviceState>}: with thousands of devices per task the map does not stay in the
 * CPU caches (Kafka's fetch buffers stream through them), and each lookup chased table, node, key, and the key's
 * bytes (4 dependent cache misses, more on a collision chain) after allocating and hashing a new {@code String} per
 * record. Here: open addressing with linear probing over an array of the states themselves, each holding its id's
 * hash ({@link DeviceState#idHash}) and bytes, so a lookup touches the slot and the state, which the caller needs
 * next anyway, and the id bytes allocated next to it. Ids are compared as bytes, so every state is filed under the
 * canonical UTF-8 encoding of its id ({@link DeviceState#idBytes}); a record whose id bytes are not canonical
 * (malformed UTF-8) misses here and is found through its decoded {@code String} by the caller.
 *
 * <p>No removal: devices leave only all at once ({@link #clear}). Not thread-safe (one stream thread).
 */
final class DeviceIndex {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int INITIAL_CAPACITY = 4096;

    /** Slots, null when free; at most half full so that probe sequences stay short. */
    private DeviceState[] states;
    private int size;

    DeviceIndex() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        states = new DeviceState[capacity];
    }

    /** The hash of {@code len} bytes at {@code off}: 8 bytes per step, mixed well enough for linear probing. */
    static int hash(byte[] b, int off, int len) {
        long h = 0x9E3779B97F4A7C15L * (len + 1);
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONG_LE.get(b, i) * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        h ^= tail * 0xC2B2AE3D27D4EB4FL;
        // The finalizer of MurmurHash3 (fmix64), so that every input bit reaches the low bits used as the slot.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The device whose canonical id bytes are {@code len} bytes of {@code b} at {@code off}, or null. */
    DeviceState get(byte[] b, int off, int len, int hash) {
        DeviceState[] table = states;
        int m = table.length - 1;
        for (int slot = hash & m; ; slot = (slot + 1) & m) {
            DeviceState state = table[slot];
            if (state == null) {
                return null;
            }
            if (state.idHash == hash) {
                byte[] id = state.idBytes;
                if (Arrays.equals(id, 0, id.length, b, off, off + len)) {
                    return state;
                }
            }
        }
    }

    /** Adds a device not in the index yet. */
    void add(DeviceState state) {
        if (2 * (size + 1) > states.length) {
            grow();
        }
        insert(state);
        size++;
    }

    private void insert(DeviceState state) {
        int m = states.length - 1;
        int slot = state.idHash & m;
        while (states[slot] != null) {
            slot = (slot + 1) & m;
        }
        states[slot] = state;
    }

    private void grow() {
        DeviceState[] old = states;
        allocate(old.length * 2);
        for (DeviceState state : old) {
            if (state != null) {
                insert(state);
            }
        }
    }

    int size() {
        return size;
    }

    /** Every device held, in no particular order; {@code action} must not add devices. */
    void forEach(Consumer<DeviceState> action) {
        for (DeviceState state : states) {
            if (state != null) {
                action.accept(state);
            }
        }
    }

    /** Forgets every device, and gives back the memory of a large index. */
    void clear() {
        if (states.length > INITIAL_CAPACITY) {
            allocate(INITIAL_CAPACITY);
        } else {
            Arrays.fill(states, null);
        }
        size = 0;
    }
}
