package io.iotstream.scoring.processor.internal;

import io.iotstream.model.score.LogisticScorer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Per-device state kept deserialized in memory, over a changelog-backed key-value store that it writes only at
 * commits: a device's vector is serialized at most once per commit, however many events it received, and what the
 * changelog holds always matches the committed input offsets.
 *
 * <p>How: this store is a write-back cache over {@code inner} (an in-memory or RocksDB store with logging on and
 * caching off). Events change {@link DeviceState}s in place and mark them dirty; {@link #flushCache()} writes the
 * dirty ones into {@code inner}, whose change-logging layer sends them to the changelog. Kafka Streams 4.x calls
 * {@code flushCache()} on every {@link CachedStateStore} in {@code StreamTask.prepareCommit}, before the producer
 * flush and the offset commit (in the same transaction under exactly-once), whereas {@code StateStore.commit} (and
 * so {@code flush}) only runs after the offsets are committed, too late for changelog writes. Kafka's own
 * {@code CachingKeyValueStore} is built the same way, but caches serialized bytes, which would cost a
 * serialization per event here.
 *
 * <p>The wrapped stores register this store (as {@code root}) with the state manager, so it is what Kafka Streams
 * flushes, clears and closes. After a restart or rebalance the inner store is restored from the changelog and
 * devices are read back lazily, on their first event. {@link #clearCache()} (task corrupted under exactly-once,
 * or recycled into a standby) drops everything held in memory, so nothing uncommitted survives.
 *
 * <p>Not thread-safe: used by one stream thread, like every task's store.
 */
public final class DeviceStateStore implements StateStore, CachedStateStore<String, byte[]> {

    private final KeyValueStore<String, byte[]> inner;
    private final DeviceIndex devices = new DeviceIndex();
    private final ArrayList<DeviceState> dirty = new ArrayList<>(1024);
    private long writes;
    private CommitListener listener = CommitListener.NONE;

    /**
     * Told where the task's commits stand, so that whoever counts work can count only committed work. Kafka
     * Streams calls {@link #flushCache()} before every commit and also before closing a task dirty; it calls
     * {@link #commit(Map)} after a commit only sometimes (always under at-least-once, at checkpoints under
     * exactly-once); it calls {@link #clearCache()} when the task's uncommitted state is dropped.
     */
    interface CommitListener {
        CommitListener NONE = new CommitListener() {
            @Override
            public void flushing() {
            }

            @Override
            public void committed() {
            }

            @Override
            public void discarded() {
            }
        };

        /** The task is about to commit, or to close dirty: what was done since the last flush is at stake. */
        void flushing();

        /** The last flush's work is committed. */
        void committed();

        /** Everything uncommitted is dropped (the task closes dirty, or is corrupted and restarts from the changelog). */
        void discarded();
    }

    /** What a survey of the task's stored devices found ({@link #survey()}). */
    record Survey(List<DeviceState> pending, long attention, long newestEventTime) {
    }

    DeviceStateStore(KeyValueStore<String, byte[]> inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The device's state: from memory, else read back from the inner store; null for a device never stored. */
    DeviceState get(String deviceId) {
        byte[] id = deviceId.getBytes(StandardCharsets.UTF_8);
        return get(id, 0, id.length);
    }

    /**
     * The state of the device whose id is the {@code len} UTF-8 bytes of {@code b} at {@code off} (a record's
     * value): from memory, else read back from the inner store; null for a device never stored. Allocates nothing
     * for a device in memory.
     */
    DeviceState get(byte[] b, int off, int len) {
        DeviceState state = devices.get(b, off, len, DeviceIndex.hash(b, off, len));
        if (state == null) {
            state = load(new String(b, off, len, StandardCharsets.UTF_8));
        }
        return state;
    }

    /** A device not found by its record's bytes: malformed UTF-8 (filed under canonical bytes), or not in memory. */
    private DeviceState load(String deviceId) {
        byte[] canonical = deviceId.getBytes(StandardCharsets.UTF_8);
        DeviceState state = devices.get(canonical, 0, canonical.length,
                DeviceIndex.hash(canonical, 0, canonical.length));
        if (state == null) {
            byte[] bytes = inner.get(deviceId);
            if (bytes != null) {
                state = DeviceStateCodec.decode(deviceId, bytes);
                devices.add(state);
            }
        }
        return state;
    }

    /** A new device, every sensor at the neutral value; written at the next commit once marked dirty. */
    DeviceState create(String deviceId, LogisticScorer scorer, int recomputeEvery) {
        DeviceState state = DeviceState.fresh(deviceId, scorer, recomputeEvery);
        devices.add(state);
        return state;
    }

    /** The one listener of this store's commits (the task's processor); replaces any earlier one. */
    void listen(CommitListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Surveys every device of the task, in memory or only in the inner store: how many are in attention, the
     * newest event time among them, and those with an interval score due, which are loaded into memory. Reads only
     * the header of devices not in memory, so it costs one pass over the store's keys and values, not a decode of
     * every vector.
     */
    Survey survey() {
        List<DeviceState> pending = new ArrayList<>();
        long[] attention = {0};
        long[] newest = {Long.MIN_VALUE};
        // Devices in memory first: they may be newer than what the inner store holds.
        devices.forEach(held -> {
            if (held.attention()) {
                attention[0]++;
            }
            newest[0] = Math.max(newest[0], held.lastEventTime());
            if (held.pending()) {
                pending.add(held);
            }
        });
        try (KeyValueIterator<String, byte[]> all = inner.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                byte[] id = entry.key.getBytes(StandardCharsets.UTF_8);
                if (devices.get(id, 0, id.length, DeviceIndex.hash(id, 0, id.length)) != null) {
                    continue;
                }
                byte[] bytes = entry.value;
                if (DeviceStateCodec.attention(bytes)) {
                    attention[0]++;
                }
                newest[0] = Math.max(newest[0], DeviceStateCodec.lastEventTime(bytes));
                if (DeviceStateCodec.pending(bytes)) {
                    DeviceState state = DeviceStateCodec.decode(entry.key, bytes);
                    devices.add(state);
                    pending.add(state);
                }
            }
        }
        return new Survey(pending, attention[0], newest[0]);
    }

    /** Schedules the device to be written at the next commit. */
    void markDirty(DeviceState state) {
        if (!state.dirty) {
            state.dirty = true;
            dirty.add(state);
        }
    }

    /** Devices held in memory. */
    public int size() {
        return devices.size();
    }

    /** Devices changed since the last commit. */
    public int dirtyCount() {
        return dirty.size();
    }

    /** Device states written to the inner store (and changelog) so far; for tests and benchmarks. */
    public long writes() {
        return writes;
    }

    @Override
    public void flushCache() {
        listener.flushing();
        for (int i = 0, n = dirty.size(); i < n; i++) {
            DeviceState state = dirty.get(i);
            inner.put(state.deviceId, DeviceStateCodec.encode(state));
            state.dirty = false;
        }
        writes += dirty.size();
        dirty.clear();
    }

    @Override
    public void clearCache() {
        devices.clear();
        dirty.clear();
        listener.discarded();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        // Nothing downstream listens to device state: scoring forwards alerts itself.
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
        listener.committed();
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }
}
