package io.iotstream.schemas.kafka;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Every topic IoTStream reads or writes, as data: name, key and value, partitions, replication, settings and the
 * value's registry subject. Whatever creates, checks or documents a topic (the demo, the bench, the Kubernetes
 * topics Job, the docs) takes it from here; {@code TopicCatalogueTest} and the k8s module's tests hold the copies
 * that cannot read Java (the Job's script, the docs' table) to it.
 */
public final class TopicCatalogue {

    /** The replication a production cluster gives every topic (three brokers: one may fail, one be restarted). */
    public static final short REPLICATION_FACTOR = 3;
    /** The Kafka topic setting derived from the replication ({@link TopicSpec#configs(short)}). */
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    /** The registry compatibility of every value subject: new schemas read what old ones wrote. */
    public static final String COMPATIBILITY = "BACKWARD";
    /** How long the scorer's dead letters are kept, for someone to look at them: 14 days. */
    /**
     * The readings' partitions when nobody says otherwise: the most scorer instances (times stream threads) that can
     * share a deployment's work, as the Kubernetes overlays size it.
     */
    public static final int DEFAULT_READINGS_PARTITIONS = 12;
    public static final String DEAD_LETTER_RETENTION_MS = String.valueOf(14L * 24 * 3600 * 1000);

    public static final TopicSpec READINGS = new TopicSpec("readings", Topics.SENSOR_READINGS, "input.topic",
            "device id", "Avro SensorReading (one sensor's value)", SensorReading.class, TopicSpec.SAME_AS_READINGS,
            Map.of(), true, "the fleet's readings: the simulator and the bridges write, the scorer reads");
    public static final TopicSpec FRAMES = new TopicSpec("frames", Topics.SENSOR_FRAMES, "frames.topic",
            "device id", "Avro SensorFrame (every sensor's value)", SensorFrame.class, TopicSpec.SAME_AS_READINGS,
            Map.of(), false,
            "whole sensor vectors, for scorers started with a frames topic; co-partitioned with the readings");
    public static final TopicSpec ALERTS = new TopicSpec("alerts", Topics.ALERTS, "alerts.topic", "device id",
            "Avro Alert", Alert.class, TopicSpec.SAME_AS_READINGS, Map.of(), true,
            "the scorer's alerts (exactly once: read them read_committed)");
    public static final TopicSpec DEAD_LETTERS = new TopicSpec("dead-letters", Topics.SCORING_DEAD_LETTERS,
            "error.topic", "the failed record's key", "the failed record's bytes, with iotstream.dlq.* headers", null,
            3, Map.of("retention.ms", DEAD_LETTER_RETENTION_MS), true, "records the scorer could not score, with why");
    public static final TopicSpec MODEL_EVENTS = new TopicSpec("model-events", Topics.MODEL_EVENTS,
            "model.events.topic", "model name", "JSON ModelEvent (name, version, store, checksum)", null, 1,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0", "segment.ms", "3600000"), true,
            "promotions announced to every scorer (compacted: the latest per model)");

    private static final List<TopicSpec> ALL = List.of(READINGS, FRAMES, ALERTS, DEAD_LETTERS, MODEL_EVENTS);

    private TopicCatalogue() {
    }

    /** Every topic, in the order data flows through them. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** The topic with this role. */
    public static TopicSpec byRole(String role) {
        return ALL.stream().filter(t -> t.role().equals(role)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no topic with role '" + role + "'; roles: "
                        + ALL.stream().map(TopicSpec::role).toList()));
    }
}
