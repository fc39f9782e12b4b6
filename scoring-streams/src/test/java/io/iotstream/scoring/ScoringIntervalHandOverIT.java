package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interval mode on a real broker: a device's due score survives a graceful stop (SIGTERM) and a rebalance that
 * happen inside its interval while the device stays silent after its failing reading. Earlier releases dropped it:
 * the next owner scored the device only on its next reading, which never came. Also the start-up check that the
 * frames topic is co-partitioned with the input.
 */
class ScoringIntervalHandOverIT {

    private static final int SENSORS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldSendTheDueAttentionOnceAfterAGracefulStopInsideTheInterval() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), "mock://interval-stop-" + UUID.randomUUID());
        List<String> failing = onePerPartition("failing");
        String app = "interval-stop-" + kafka.prefix;
        try (ModelStore store = serving(kafka);
             KafkaProducer<String, SensorReading> producer = kafka.readingProducer()) {
            ScoringApp first = start(kafka.settings(app, dir.resolve("first"), intervalMode()), kafka);
            try {
                awaitRunning(first);
                for (String device : failing) {
                    send(producer, kafka, device, 1, 0.9, T0.plusMillis(100));
                }
                Await.until("the failing readings committed", TIMEOUT,
                        () -> first.metrics().readings() == failing.size());
                assertThat(first.metrics().alerts()).as("the interval is still open").isZero();
            } finally {
                first.close(); // SIGTERM: commit and close inside the interval
            }
            ScoringApp next = start(kafka.settings(app, dir.resolve("next"), intervalMode()), kafka);
            try {
                awaitRunning(next);
                // Other devices report past the interval's end: every partition's stream time passes it.
                for (String device : onePerPartition("other")) {
                    send(producer, kafka, device, 2, 0.1, T0.plusSeconds(11));
                }
                Await.until("the due ATTENTIONs committed", TIMEOUT,
                        () -> next.metrics().alerts(AlertKind.ATTENTION) == failing.size());
            } finally {
                next.close();
            }
        }
        assertThat(committedKinds(kafka)).isEqualTo(expectOneAttentionEach(failing));
    }

    @Test
    void shouldSendTheDueAttentionOnceAcrossARebalanceInsideTheInterval() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), "mock://interval-rebalance-" + UUID.randomUUID());
        List<String> failing = onePerPartition("failing");
        String app = "interval-rebalance-" + kafka.prefix;
        try (ModelStore store = serving(kafka);
             KafkaProducer<String, SensorReading> producer = kafka.readingProducer()) {
            ScoringApp a = start(kafka.settings(app, dir.resolve("a"), intervalMode()), kafka);
            ScoringApp b = null;
            try {
                awaitRunning(a);
                for (String device : failing) {
                    send(producer, kafka, device, 1, 0.9, T0.plusMillis(100));
                }
                Await.until("the failing readings committed", TIMEOUT,
                        () -> a.metrics().readings() == failing.size());
                // A second instance joins: half the partitions, with their due devices, move to it.
                b = start(kafka.settings(app, dir.resolve("b"), intervalMode()), kafka);
                ScoringApp joined = b;
                Await.until("both instances hold input partitions", TIMEOUT,
                        () -> activeTasks(a) > 0 && activeTasks(joined) > 0);
                assertThat(a.metrics().alerts() + b.metrics().alerts()).isZero();
                for (String device : onePerPartition("other")) {
                    send(producer, kafka, device, 2, 0.1, T0.plusSeconds(11));
                }
                Await.until("the due ATTENTIONs committed", TIMEOUT, () -> a.metrics().alerts(AlertKind.ATTENTION)
                        + joined.metrics().alerts(AlertKind.ATTENTION) == failing.size());
                assertThat(b.metrics().alerts(AlertKind.ATTENTION)).as("scored by the instance that took them over")
                        .isPositive();
            } finally {
                a.close();
                if (b != null) {
                    b.close();
                }
            }
        }
        assertThat(committedKinds(kafka)).isEqualTo(expectOneAttentionEach(failing));
    }

    @Test
    void shouldRefuseToStartWhenTheFramesTopicHasAnotherPartitionCount() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), "mock://copartition-" + UUID.randomUUID());
        String frames = "iot.sensor-frames." + kafka.prefix;
        kafka.broker.createTopic(frames, KafkaFixture.PARTITIONS - 1, Map.of());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.broker.bootstrapServers()))) {
            Optional<String> problem = CoPartitioning.check(admin, kafka.input, frames, TIMEOUT);
            assertThat(problem).get().asString().contains(frames + " has 3 partitions", kafka.input + " has 4",
                    "--partitions 4");
            assertThat(CoPartitioning.check(admin, kafka.input, kafka.input, TIMEOUT)).isEmpty();
        }
        try (ModelStore store = serving(kafka)) {
            Map<String, String> settings = kafka.settings("copartition-" + kafka.prefix, dir.resolve("s"),
                    Map.of(ScoringConfig.FRAMES_TOPIC, frames));
            ScoringApp app = start(settings, kafka);
            try {
                assertThat(app.awaitTermination(TIMEOUT)).as("stopped on its own").isTrue();
                assertThat(app.failure()).contains("has 3 partitions");
                assertThat(app.readiness().detail()).contains("has 3 partitions");
                assertThat(app.streams()).as("Kafka Streams never started").isNull();
            } finally {
                app.close();
            }
        }
    }

    private static Map<String, String> intervalMode() {
        return Map.of(ScoringConfig.SCORING_MODE, "interval", ScoringConfig.SCORING_INTERVAL_MS, "10000",
                // Only the event-time rules here: no idle close while the test runs.
                ScoringConfig.SCORING_IDLE_CLOSE_MS, "600000", ScoringConfig.COMMIT_INTERVAL_MS, "100",
                ScoringConfig.PROCESSING_GUARANTEE, ScoringConfig.EXACTLY_ONCE_V2,
                ScoringConfig.MODEL_POLL_INTERVAL_MS, "0");
    }

    private static ModelStore serving(KafkaFixture kafka) {
        ModelArtifact model = Models.sensorOneHigh("v1", SENSORS);
        ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions());
        store.publish(model);
        store.promote(Models.NAME, "v1", "it");
        return store;
    }

    private static ScoringApp start(Map<String, String> settings, KafkaFixture kafka) {
        return ScoringApp.start(ScoringConfig.resolve(settings, Map.of(), null), kafka.storeOptions(),
                Clock.systemUTC());
    }

    private static void awaitRunning(ScoringApp app) {
        Await.until("the scorer running with its partitions", TIMEOUT, () -> activeTasks(app) > 0);
    }

    /** Active input tasks of a running instance; 0 while it is not running (e.g. rebalancing). */
    private static int activeTasks(ScoringApp app) {
        KafkaStreams streams = app.streams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return 0;
        }
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    /** Device ids {@code <prefix>-<n>}, one on each input partition (Kafka's default partitioner, keyed by id). */
    private static List<String> onePerPartition(String prefix) {
        String[] found = new String[KafkaFixture.PARTITIONS];
        int left = found.length;
        for (int n = 0; left > 0; n++) {
            String id = prefix + "-" + n;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % found.length;
            if (found[p] == null) {
                found[p] = id;
                left--;
            }
        }
        return List.of(found);
    }

    private static void send(KafkaProducer<String, SensorReading> producer, KafkaFixture kafka, String device,
            int sensor, double value, Instant at) throws Exception {
        producer.send(new ProducerRecord<>(kafka.input, device, new SensorReading(device, sensor, value, at))).get();
    }

    private static Map<String, List<AlertKind>> expectOneAttentionEach(List<String> devices) {
        Map<String, List<AlertKind>> expected = new LinkedHashMap<>();
        devices.stream().sorted().forEach(d -> expected.put(d, List.of(AlertKind.ATTENTION)));
        return expected;
    }

    /** Every committed alert, read to the end of the topic after the scorers stopped, per device in order. */
    private static Map<String, List<AlertKind>> committedKinds(KafkaFixture kafka) throws InterruptedException {
        Map<String, List<AlertKind>> kinds = new TreeMap<>();
        try (KafkaFixture.AlertCollector collector = kafka.collectAlerts()) {
            collector.awaitEnd(TIMEOUT);
            for (Alert alert : collector.alerts()) {
                kinds.computeIfAbsent(alert.getDeviceId(), d -> new ArrayList<>()).add(alert.getKind());
            }
        }
        return kinds;
    }
}
