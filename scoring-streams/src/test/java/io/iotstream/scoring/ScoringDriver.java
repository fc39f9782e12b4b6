package io.iotstream.scoring;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.model.ScorerFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology ({@link ScoringTopology#build}) in a {@link TopologyTestDriver}, with a model store in
 * a folder, an in-process schema registry, and typed topics. Wall-clock punctuation is driven by the test.
 */
final class ScoringDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    final ModelStore store;
    final Path storeDir;
    final ScoringConfig config;
    final ScoringMetrics metrics = ScoringMetrics.inMemory();
    final ModelHolder models;
    final TopologyTestDriver driver;
    final TestInputTopic<String, SensorReading> readings;
    final TestInputTopic<String, SensorFrame> frames;
    final TestInputTopic<byte[], byte[]> rawReadings;
    final TestInputTopic<String, String> modelEvents;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private long eventTime = START.toEpochMilli();

    /**
     * Publishes and promotes {@code initial} (if not null) in a store under {@code dir}, loads it and starts the
     * driver with {@code settings} on top of the test defaults.
     */
    ScoringDriver(Path dir, ModelArtifact initial, Map<String, String> settings) {
        this(dir, initial, settings, ScorerFactory.INCREMENTAL);
    }

    /** The same, scoring through {@code scorers}. */
    ScoringDriver(Path dir, ModelArtifact initial, Map<String, String> settings, ScorerFactory scorers) {
        storeDir = dir.resolve("models");
        store = ModelStores.open(storeDir.toString(), StoreOptions.defaults());
        if (initial != null) {
            promote(initial);
        }
        String registry = "mock://scoring-" + UUID.randomUUID();
        Map<String, String> values = new HashMap<>();
        values.put(ScoringConfig.BOOTSTRAP_SERVERS, "ttd:9092");
        values.put(ScoringConfig.MODEL_URI, storeDir.toUri() + "/" + Models.NAME);
        values.put(ScoringConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(ScoringConfig.STATE_STORE, "in_memory");
        values.put(ScoringConfig.FRAMES_TOPIC, "iot.sensor-frames.v1");
        values.put(ScoringConfig.STATE_DIR, dir.resolve("state").toString());
        values.putAll(settings);
        // endInterval() scores the open intervals by the idle close: one silent interval is enough here.
        values.putIfAbsent(ScoringConfig.SCORING_IDLE_CLOSE_MS,
                values.getOrDefault(ScoringConfig.SCORING_INTERVAL_MS, "1000"));
        config = new ScoringConfig(values);
        models = new ModelHolder(config.modelRef(), store, config.modelFeatures(), metrics, Clock.systemUTC(),
                scorers);
        models.refresh("start");
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, metrics),
                ScoringTopology.streamsConfig(config, models, metrics), START);
        Map<String, Object> serde = Map.of("schema.registry.url", registry);
        readings = driver.createInputTopic(config.inputTopic(), new StringSerializer(),
                AvroSerdes.specific(SensorReading.class, serde, false).serializer());
        frames = driver.createInputTopic(config.framesTopic().orElseThrow(), new StringSerializer(),
                AvroSerdes.specific(SensorFrame.class, serde, false).serializer());
        rawReadings = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(),
                new ByteArraySerializer());
        modelEvents = driver.createInputTopic(config.modelEventsTopic().orElseThrow(), new StringSerializer(),
                new StringSerializer());
        alerts = driver.createOutputTopic(config.alertsTopic(), new StringDeserializer(),
                AvroSerdes.specific(Alert.class, serde, false).deserializer());
        deadLetters = driver.createOutputTopic(config.errorTopic(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Publishes and promotes a version in the store (not yet announced). */
    void promote(ModelArtifact artifact) {
        store.publish(artifact);
        store.promote(artifact.name(), artifact.version(), "test");
    }

    /** Promotes and announces a version on the model-events topic. */
    void promoteAndAnnounce(ModelArtifact artifact) {
        promote(artifact);
        modelEvents.pipeInput(artifact.name(), new ModelEvent(artifact.name(), artifact.version(),
                storeDir.toUri().toString(), artifact.checksum()).toJson());
    }

    void reading(String device, int sensor, double value) {
        eventTime += 10;
        readings.pipeInput(device, new SensorReading(device, sensor, value, Instant.ofEpochMilli(eventTime)));
    }

    /** A reading at an event time of the test's choosing (the driver's own clock is left alone). */
    void reading(String device, int sensor, double value, Instant at) {
        readings.pipeInput(device, new SensorReading(device, sensor, value, at));
    }

    /** A reading keyed {@code key} (null for none), not by its device id. */
    void readingKeyed(String key, String device, int sensor, double value) {
        eventTime += 10;
        readings.pipeInput(key, new SensorReading(device, sensor, value, Instant.ofEpochMilli(eventTime)));
    }

    void frame(String device, Integer label, double... values) {
        eventTime += 10;
        List<Double> list = new java.util.ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        frames.pipeInput(device, new SensorFrame(device, Instant.ofEpochMilli(eventTime), list, label));
    }

    /**
     * Ends the open intervals by the idle close (one interval in this driver): two punctuations, the first finding
     * the records since the last one, the second a whole interval of silence, so every device with a score due is
     * scored. Event-time closing has tests of its own.
     */
    void endInterval() {
        driver.advanceWallClockTime(config.rules().interval());
        driver.advanceWallClockTime(config.rules().interval());
    }

    void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
        store.close();
    }
}
