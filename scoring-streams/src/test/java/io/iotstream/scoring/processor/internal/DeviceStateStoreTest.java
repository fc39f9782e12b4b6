package io.iotstream.scoring.processor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.score.LogisticScorer;
import io.iotstream.scoring.Models;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write-back device store: in memory between commits, one write per changed device per commit. */
class DeviceStateStoreTest {

    private final LogisticScorer scorer = new LogisticScorer(Models.uniform("1", 4));
    private DeviceStateStore store;

    @BeforeEach
    void open() {
        store = new DeviceStateStoreBuilder("device-state", DeviceStateStoreBuilder.Backing.IN_MEMORY, Map.of())
                .withLoggingDisabled().build();
        // As the scorer configures it, which also keeps Kafka's WARN recommending the flag out of the test log.
        java.util.Properties config = new java.util.Properties();
        config.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "device-state-store-test");
        config.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config);
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldWriteAChangedDeviceOncePerCommitHoweverManyEventsItGot() {
        DeviceState d1 = store.create("d1", scorer, 10_000);
        DeviceState d2 = store.create("d2", scorer, 10_000);
        for (int i = 0; i < 1_000; i++) {
            d1.set(i % 4, i / 1000.0);
            store.markDirty(d1);
        }
        d2.set(0, 0.25);
        store.markDirty(d2);
        assertThat(store.dirtyCount()).isEqualTo(2);
        assertThat(store.writes()).isZero();

        store.flushCache();
        assertThat(store.writes()).isEqualTo(2);
        assertThat(store.dirtyCount()).isZero();

        store.flushCache();
        assertThat(store.writes()).as("nothing changed since the last commit").isEqualTo(2);
    }

    @Test
    void shouldReadADeviceBackFromTheInnerStoreAfterTheCacheIsDropped() {
        DeviceState d1 = store.create("d1", scorer, 10_000);
        d1.set(1, 0.75);
        d1.set(3, 0.125);
        d1.attention(true);
        d1.seen(1234L);
        store.markDirty(d1);
        store.flushCache();
        d1.set(1, 0.99);   // not committed: must not survive
        store.markDirty(d1);

        store.clearCache();
        assertThat(store.size()).isZero();
        DeviceState back = store.get("d1");
        assertThat(back.isRestored()).isTrue();
        assertThat(back.attention()).isTrue();
        assertThat(back.lastEventTime()).isEqualTo(1234L);
        back.bind(scorer, 10_000);
        assertThat(back.margin().values()).containsExactly(0.5, 0.75, 0.5, 0.125);
        assertThat(back.probability()).isEqualTo(scorer.probability(new double[] {0.5, 0.75, 0.5, 0.125}));
        assertThat(store.get("nobody")).isNull();
    }

    @Test
    void shouldFindADeviceByItsIdBytesInMemoryAndAfterTheCacheIsDropped() {
        DeviceState d1 = store.create("dev-1", scorer, 10_000);
        byte[] value = "\0\0\0\0\1\ndev-1\2".getBytes(StandardCharsets.UTF_8);
        assertThat(store.get(value, 6, 5)).isSameAs(d1);
        assertThat(store.get(value, 6, 4)).as("dev-").isNull();
        d1.set(0, 0.75);
        store.markDirty(d1);
        store.flushCache();
        store.clearCache();
        DeviceState back = store.get(value, 6, 5);
        assertThat(back.deviceId).isEqualTo("dev-1");
        assertThat(back.isRestored()).isTrue();
        assertThat(store.get(value, 6, 5)).as("read back once, then from memory").isSameAs(back);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldFileAnIdOfMalformedUtf8UnderItsDecodedStringLikeAvroDoes() {
        // 0xC3 starts a two-byte sequence that 'x' does not continue: both decode to "d\uFFFDx".
        byte[] malformed = {'d', (byte) 0xC3, 'x'};
        byte[] otherMalformed = {'d', (byte) 0xE2, 'x'};
        String decoded = new String(malformed, StandardCharsets.UTF_8);
        assertThat(new String(otherMalformed, StandardCharsets.UTF_8)).isEqualTo(decoded);
        DeviceState d = store.create(decoded, scorer, 10_000);
        assertThat(store.get(malformed, 0, 3)).isSameAs(d);
        assertThat(store.get(otherMalformed, 0, 3)).isSameAs(d);
        assertThat(store.get(decoded)).isSameAs(d);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldStartAgainAtTheNeutralValuesWhenTheVectorLengthChanged() {
        DeviceState d1 = store.create("d1", scorer, 10_000);
        d1.set(0, 0.9);
        store.markDirty(d1);
        store.flushCache();
        store.clearCache();
        LogisticScorer wider = new LogisticScorer(Models.uniform("2", 5));
        DeviceState back = store.get("d1");
        assertThat(back.bind(wider, 10_000)).isFalse();
        assertThat(back.margin().values()).containsOnly(0.5).hasSize(5);
    }

    @Test
    void shouldRefuseBytesOfAnotherFormat() {
        assertThatThrownBy(() -> DeviceStateCodec.decode("d1", new byte[] {9, 0, 0}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("score reset");
    }

    @Test
    void shouldNotAllowCachingToBeTurnedOn() {
        assertThatThrownBy(() -> new DeviceStateStoreBuilder("x", DeviceStateStoreBuilder.Backing.IN_MEMORY, Map.of())
                .withCachingEnabled()).isInstanceOf(UnsupportedOperationException.class);
    }
}
