package io.iotstream.scoring.processor.internal;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link DeviceStateStore} over an in-memory or RocksDB key-value store with a changelog. Caching cannot
 * be enabled: the device store is its own cache. Logging is on by default (state must survive restarts); tests may
 * turn it off.
 */
public final class DeviceStateStoreBuilder implements StoreBuilder<DeviceStateStore> {

    /** Where the inner key-value store keeps its data. */
    public enum Backing {
        /** RocksDB on local disk: restarts on the same disk restore from a checkpoint, not the whole changelog. */
        ROCKSDB,
        /** The heap: restored from the changelog at every start. */
        IN_MEMORY
    }

    private final StoreBuilder<KeyValueStore<String, byte[]>> inner;

    /**
     * @param name the store name; the changelog is {@code <application.id>-<name>-changelog}
     * @param changelogConfig topic configs for the changelog (compacted by default)
     */
    public DeviceStateStoreBuilder(String name, Backing backing, Map<String, String> changelogConfig) {
        Objects.requireNonNull(name, "name");
        KeyValueBytesStoreSupplier supplier = backing == Backing.ROCKSDB
                ? Stores.persistentKeyValueStore(name)
                : Stores.inMemoryKeyValueStore(name);
        this.inner = Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.copyOf(changelogConfig));
    }

    @Override
    public StoreBuilder<DeviceStateStore> withCachingEnabled() {
        throw new UnsupportedOperationException("the device state store is its own cache: leave caching off");
    }

    @Override
    public StoreBuilder<DeviceStateStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<DeviceStateStore> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<DeviceStateStore> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public DeviceStateStore build() {
        return new DeviceStateStore(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
