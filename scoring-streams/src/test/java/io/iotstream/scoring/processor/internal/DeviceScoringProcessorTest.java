package io.iotstream.scoring.processor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.scoring.Models;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.model.ModelRef;
import io.iotstream.scoring.policy.AlertPolicy;
import io.iotstream.scoring.policy.DeviceDecision;
import io.iotstream.scoring.processor.Cadence;
import io.iotstream.scoring.processor.Emit;
import io.iotstream.scoring.processor.ScoringRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring processor across the task lifecycle Kafka Streams puts it through (close and init again, a new owner
 * restoring the store, commits and dirty closes), driven by hand with a {@link MockProcessorContext}.
 */
class DeviceScoringProcessorTest {

    private static final String TOPIC = "iot.sensor-readings.v1";
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration IDLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ScoringMetrics metrics = ScoringMetrics.inMemory();
    private final String registry = "mock://processor-" + UUID.randomUUID();
    private final Map<String, Object> serde = Map.of("schema.registry.url", registry);
    private final Serializer<SensorReading> readings =
            AvroSerdes.specific(SensorReading.class, serde, false).serializer();
    private KeyValueStore<String, byte[]> inner;
    private DeviceStateStore store;
    private MockProcessorContext<String, Alert> context;
    private ModelStore models;
    private ModelHolder holder;

    private void start(ModelArtifact model) {
        models = ModelStores.open(dir.resolve("models").toString(), StoreOptions.defaults());
        models.publish(model);
        models.promote(model.name(), model.version(), "test");
        holder = new ModelHolder(ModelRef.parse(dir.resolve("models").toUri() + "/" + Models.NAME), models, 0,
                metrics, Clock.systemUTC());
        holder.refresh("start");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "processor-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        context = new MockProcessorContext<>(config);
        context.setCurrentSystemTimeMs(T0);
        inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("device-state"), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingDisabled().build();
        store = new DeviceStateStore(inner);
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (models != null) {
            models.close();
        }
    }

    private DeviceScoringProcessor processor(Cadence cadence) {
        return processor(cadence, null);
    }

    private DeviceScoringProcessor processor(Cadence cadence, AlertPolicy policy) {
        ScoringRules rules = new ScoringRules(cadence, INTERVAL, Duration.ZERO, IDLE, Emit.TRANSITIONS, 0, 10_000,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Duration.ZERO);
        DeviceScoringProcessor.Decoders decoders = new DeviceScoringProcessor.Decoders(TOPIC,
                new SensorReadingDecoder(new AvroSerdeConfig(serde).createRegistryClient(),
                        AvroSerdes.specific(SensorReading.class, serde, false).deserializer()),
                "frames", AvroSerdes.specific(SensorFrame.class, serde, false).deserializer());
        DeviceScoringProcessor processor = new DeviceScoringProcessor("device-state", rules, holder, metrics,
                decoders, policy == null ? rules.alertPolicy() : policy);
        processor.init(context);
        return processor;
    }

    private void read(DeviceScoringProcessor processor, String device, int sensor, double value, long at) {
        byte[] bytes = readings.serialize(TOPIC, new SensorReading(device, sensor, value, Instant.ofEpochMilli(at)));
        processor.process(new Record<>(device.getBytes(StandardCharsets.UTF_8), bytes, at));
    }

    /** Kafka Streams' commit as the store sees it: flush before, checkpoint after. */
    private void commit() {
        store.flushCache();
        store.commit(Map.of());
    }

    private List<Alert> alerts() {
        List<Alert> out = context.forwarded().stream().map(f -> (Alert) f.record().value()).toList();
        context.resetForwards();
        return out;
    }

    private void punctuate(long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().stream().filter(p -> !p.cancelled())
                .forEach(p -> p.getPunctuator().punctuate(now));
    }

    /**
     * A failing reading, then a graceful close inside the interval (SIGTERM, or the task moving away) with the
     * device silent after: the next owner, restoring the store, scores the due interval once.
     */
    @Test
    void shouldScoreTheIntervalDueAtCloseOnceAtTheNextOwner() {
        start(Models.sensorOneHigh("1", 3));
        DeviceScoringProcessor first = processor(Cadence.INTERVAL);
        read(first, "failing", 1, 0.9, T0 + 100);
        commit();
        first.close();
        assertThat(alerts()).isEmpty();

        store.clearCache(); // a new owner: only what the changelog holds
        DeviceScoringProcessor next = processor(Cadence.INTERVAL);
        assertThat(alerts()).isEmpty();
        read(next, "other", 2, 0.1, T0 + 1_000); // stream time passes the end of [T0, T0 + 1 s)
        assertThat(alerts()).extracting(Alert::getDeviceId, Alert::getKind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("failing", AlertKind.ATTENTION));
        commit();
        punctuate(T0 + IDLE.toMillis());
        punctuate(T0 + 2 * IDLE.toMillis()); // the idle close scores "other": no change, no alert
        assertThat(alerts()).as("other recovers from nothing: no alert; failing is not scored twice").isEmpty();
    }

    /** The same when the whole input stays silent: the idle close scores it. */
    @Test
    void shouldScoreTheIntervalDueAtCloseByTheIdleCloseWhenNothingElseArrives() {
        start(Models.sensorOneHigh("1", 3));
        DeviceScoringProcessor first = processor(Cadence.INTERVAL);
        read(first, "failing", 1, 0.9, T0 + 100);
        commit();
        first.close();
        store.clearCache();
        processor(Cadence.INTERVAL);
        punctuate(T0 + IDLE.toMillis() - 1);
        assertThat(alerts()).isEmpty();
        punctuate(T0 + IDLE.toMillis());
        assertThat(alerts()).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION);
    }

    /**
     * Kafka Streams suspends a task (close) and resumes it (init) on the same processor and store: the device
     * still in memory is scored, the schedule is not doubled.
     */
    @Test
    void shouldResumeAfterSuspendWithOneScheduleAndTheDueScores() {
        start(Models.sensorOneHigh("1", 3));
        DeviceScoringProcessor processor = processor(Cadence.INTERVAL);
        read(processor, "failing", 1, 0.9, T0 + 100);
        commit();
        processor.close();
        assertThat(context.scheduledPunctuators()).allMatch(MockProcessorContext.CapturedPunctuator::cancelled);
        processor.init(context);
        assertThat(context.scheduledPunctuators()).filteredOn(p -> !p.cancelled()).hasSize(1);
        punctuate(T0 + IDLE.toMillis());
        assertThat(alerts()).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION);
        read(processor, "failing", 1, 0.1, T0 + 1_100);
        punctuate(T0 + 2 * IDLE.toMillis()); // finds the reading: silence counts from here
        assertThat(alerts()).isEmpty();
        punctuate(T0 + 3 * IDLE.toMillis());
        assertThat(alerts()).extracting(Alert::getKind).containsExactly(AlertKind.RECOVERY);
    }

    /** The attention gauge counts the devices restored in attention, without waiting for their next reading. */
    @Test
    void shouldCountRestoredDevicesInAttentionAtOnce() {
        start(Models.sensorOneHigh("1", 3));
        DeviceScoringProcessor first = processor(Cadence.EVENT);
        read(first, "a", 1, 0.9, T0);
        read(first, "b", 1, 0.9, T0);
        read(first, "c", 1, 0.1, T0);
        commit();
        assertThat(metrics.devicesAttention()).isEqualTo(2);
        first.close();
        assertThat(metrics.devicesAttention()).as("the task moved away").isZero();
        store.clearCache();
        processor(Cadence.EVENT);
        assertThat(metrics.devicesAttention()).as("the task arrived, restored").isEqualTo(2);
    }

    /** Work of a transaction that is aborted (dirty close) and redone is counted once. */
    @Test
    void shouldCountCommittedWorkOnly() {
        start(Models.sensorOneHigh("1", 3));
        DeviceScoringProcessor first = processor(Cadence.EVENT);
        read(first, "a", 1, 0.9, T0);
        read(first, "a", 2, 0.9, T0);
        store.flushCache(); // the commit fails: Kafka Streams flushes, then closes the task dirty
        first.close();
        store.clearCache();
        inner.delete("a"); // restored from the changelog, where the aborted transaction's write is not
        assertThat(metrics.readings()).isZero();
        assertThat(metrics.alerts(AlertKind.ATTENTION)).isZero();
        assertThat(metrics.devicesAttention()).isZero();

        DeviceScoringProcessor again = processor(Cadence.EVENT);
        read(again, "a", 1, 0.9, T0);
        read(again, "a", 2, 0.9, T0);
        assertThat(metrics.readings()).as("not committed yet").isZero();
        commit();
        assertThat(metrics.readings()).isEqualTo(2);
        assertThat(metrics.alerts(AlertKind.ATTENTION)).isEqualTo(1);
        assertThat(metrics.devicesAttention()).isEqualTo(1);

        // Under exactly-once the checkpoint is rare: the next record shows that the last commit went through.
        read(again, "a", 3, 0.9, T0);
        store.flushCache();
        read(again, "a", 3, 0.8, T0);
        assertThat(metrics.readings()).isEqualTo(3);
    }

    /**
     * A device stored by the previous release (format 1) with three values and in attention, scored after a
     * restart by a model with four features: its vector is reset, its attention cleared and counted, and no RECOVERY
     * is sent, since the device did not recover.
     */
    @Test
    void shouldResetADeviceOfAnotherLengthWithoutASpuriousRecovery() throws IOException {
        start(Models.sensorOneHigh("1", 4));
        inner.put("dev-7", resource("device-state-v1-attention.bin"));
        DeviceScoringProcessor processor = processor(Cadence.EVENT);
        assertThat(metrics.devicesAttention()).isEqualTo(1);
        read(processor, "dev-7", 2, 0.3, T0);
        assertThat(alerts()).isEmpty();
        commit();
        assertThat(metrics.featureCountResets()).isEqualTo(1);
        assertThat(metrics.devicesAttention()).isZero();
        read(processor, "dev-7", 1, 0.9, T0 + 1);
        assertThat(alerts()).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION);
    }

    /**
     * The alert-policy seam: a policy with state of its own (here: attention only once the model has said so for
     * two scores in a row, an on-delay) keeps it in the device's stored state, so it holds across a task move.
     */
    @Test
    void shouldKeepAPolicysOwnStateWithTheDevice() {
        AlertPolicy twoInARow = new AlertPolicy() {
            @Override
            public AlertKind decide(DeviceDecision device, double probability, boolean modelAttention,
                    long eventTime) {
                long run = modelAttention ? device.word(0) + 1 : 0;
                device.word(0, run);
                boolean attention = run >= 2;
                if (attention == device.attention()) {
                    return null;
                }
                device.attention(attention);
                return attention ? AlertKind.ATTENTION : AlertKind.RECOVERY;
            }

            @Override
            public int stateWords() {
                return 1;
            }
        };
        start(Models.sensorOneHigh("1", 3));
        DeviceScoringProcessor first = processor(Cadence.EVENT, twoInARow);
        read(first, "d1", 1, 0.9, T0);
        assertThat(alerts()).as("one score in attention: not yet").isEmpty();
        commit();
        first.close();
        store.clearCache(); // the next owner has only the stored state
        DeviceScoringProcessor next = processor(Cadence.EVENT, twoInARow);
        read(next, "d1", 2, 0.5, T0 + 1);
        assertThat(alerts()).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION);
        read(next, "d1", 1, 0.1, T0 + 2);
        assertThat(alerts()).extracting(Alert::getKind).containsExactly(AlertKind.RECOVERY);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DeviceScoringProcessorTest.class.getResourceAsStream("/state/" + name)) {
            return in.readAllBytes();
        }
    }
}
