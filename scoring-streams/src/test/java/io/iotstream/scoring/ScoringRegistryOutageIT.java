package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema registry outage on the real registry (Apicurio in a child JVM) and a real scorer (a child JVM, exactly
 * once, event mode): the registry is stopped, a scorer with an empty schema cache is started and fed readings it
 * cannot decode without the registry, then the registry comes back on the same URL. The readings must wait, not be
 * dead-lettered: while the registry is down the scorer is not ready and says why, and its gauge
 * {@code iotstream_schema_registry_available} is 0; once it is back, every alert due is committed exactly once,
 * nothing reaches the dead-letter topic, readiness clears, and the committed-work counters count each reading once,
 * although the tasks restarted from their last commit meanwhile and their records were replayed.
 */
class ScoringRegistryOutageIT {

    private static final int SENSORS = 10;
    private static final int DEVICES = 20;
    private static final int ROUNDS_BEFORE = 10;
    private static final int ROUNDS_DURING = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WAITING = "waiting for the schema registry";
    /** The processor's warning when it gives up waiting for the registry and restarts its tasks. */
    private static final Pattern REPLACED = Pattern.compile("for the schema registry in vain; task");

    @TempDir
    Path dir;

    @Test
    void shouldHoldReadingsThroughARegistryOutageAndScoreEachOnceItIsBack() throws Exception {
        long t0 = System.nanoTime();
        try (ApicurioRegistry registry = ApicurioRegistry.startRestartable()) {
            KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), registry.ccompatUrl());
            ModelArtifact model = Models.sensorOneHigh("v1", SENSORS);
            TransitionReadings readings = new TransitionReadings(new LogisticScorer(model), DEVICES, 11);
            try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions())) {
                store.publish(model);
                store.promote(Models.NAME, "v1", "it");
            }
            Map<String, String> settings = kafka.settings("outage-" + kafka.prefix, dir.resolve("state"), Map.of(
                    ScoringConfig.SCORING_MODE, "event",
                    ScoringConfig.PROCESSING_GUARANTEE, ScoringConfig.EXACTLY_ONCE_V2,
                    ScoringConfig.COMMIT_INTERVAL_MS, "100",
                    ScoringConfig.SCHEMA_REGISTRY_WAIT_MS, "1000",
                    ScoringConfig.S3_ENDPOINT, kafka.s3.endpoint().toString(),
                    ScoringConfig.S3_REGION, kafka.s3.region(),
                    // The default consumer session (45 s): giving up on the registry restarts the tasks through a
                    // rejoin of the same thread, which waits for no session (a replaced thread would wait 45 s).
                    ScoringConfig.MODEL_POLL_INTERVAL_MS, "0"));
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", kafka.s3.accessKey(),
                    "AWS_SECRET_ACCESS_KEY", kafka.s3.secretKey());

            // One producer all along: its serializer learns the SensorReading schema id while the registry is up
            // and keeps using it while the registry is down, as a producer that ran before an outage does.
            try (KafkaProducer<String, SensorReading> producer = kafka.readingProducer();
                 KafkaFixture.AlertCollector collector = kafka.collectAlerts()) {

                // Phase 1: the registry knows the schemas; a first scorer scores some readings, then stops.
                int readBefore = produce(readings, producer, kafka.input, ROUNDS_BEFORE);
                int alertsBefore = readings.alerts();
                assertThat(alertsBefore).as("alerts due before the outage").isPositive();
                try (ScorerProcess first = ScorerProcess.start("outage-1", settings, env, dir)) {
                    Await.until("the first scorer committed all " + readBefore + " readings", TIMEOUT, () -> {
                        first.requireAlive();
                        return first.metricSum("iotstream_events_total") == readBefore;
                    });
                    Await.until(alertsBefore + " alerts of the first scorer committed", TIMEOUT,
                            () -> collector.records().size() == alertsBefore);
                    assertThat(first.stop()).as("exit code after SIGTERM").isIn(0, 143);
                }

                // Phase 2: a new scorer (new JVM: empty schema cache) starts while the registry answers (its
                // start-up check requires that), then the registry goes down and new readings come.
                try (ScorerProcess second = ScorerProcess.start("outage-2", settings, env, dir)) {
                    Await.until("the second scorer ready before the outage", TIMEOUT, () -> {
                        second.requireAlive();
                        HttpResponse<String> r = second.get("/health/ready");
                        return r != null && r.statusCode() == 200;
                    });
                    registry.stop();
                    long registryDown = System.nanoTime();
                    int readDuring = produce(readings, producer, kafka.input, ROUNDS_DURING);
                    int alertsDuring = readings.alerts() - alertsBefore;
                    assertThat(alertsDuring).as("alerts due for the readings fed during the outage").isPositive();
                    Map<String, List<AlertKind>> expected = copy(readings.expected());

                    // A scorer that starts during the outage is refused at once, naming the registry (exit 5).
                    try (ScorerProcess late = ScorerProcess.start("outage-late", settings, env, dir)) {
                        Await.until("the scorer started during the outage exits", TIMEOUT,
                                () -> late.isAlive() ? null : Boolean.TRUE);
                        assertThat(late.stop()).as(late.tail()).isEqualTo(5);
                        assertThat(late.logText()).contains("no answer from the schema registry at "
                                + registry.ccompatUrl(), "schema.registry.url came from --schema-registry-url");
                    }
                    HttpResponse<String> notReady = Await.until("the second scorer's readiness reports the "
                            + "registry outage", TIMEOUT, () -> {
                                second.requireAlive();
                                HttpResponse<String> r = second.get("/health/ready");
                                return r != null && r.statusCode() == 503 && r.body().contains(WAITING) ? r : null;
                            });
                    long readinessDown = System.nanoTime();
                    System.out.printf("[ScoringRegistryOutageIT] readiness while the registry is down: %s",
                            notReady.body());
                    assertThat(notReady.body()).startsWith("DOWN: " + WAITING
                            + " (records are retried, not dead-lettered)");
                    assertThat(second.metric("iotstream_schema_registry_available")).as("registry gauge")
                            .isEqualTo(OptionalDouble.of(0));
                    // The outage lasts until a stream thread has given up waiting at least once.
                    Await.until("a stream thread gave up waiting for the registry and restarted its tasks", TIMEOUT, () -> {
                        second.requireAlive();
                        return count(REPLACED, second.logText()) >= 1;
                    });
                    HttpResponse<String> stillDown = second.get("/health/ready");
                    assertThat(stillDown.statusCode()).isEqualTo(503);
                    assertThat(stillDown.body()).contains(WAITING);
                    assertThat(second.metric("iotstream_schema_registry_available"))
                            .isEqualTo(OptionalDouble.of(0));
                    assertThat(second.get("/health/live").statusCode()).as("alive all along").isEqualTo(200);
                    assertThat(collector.records()).as("nothing scored without the registry").hasSize(alertsBefore);
                    assertThat(second.metricSum("iotstream_events_total")).isZero();

                    // Phase 3: the registry is back on the same URL with the same schemas.
                    registry.restart();
                    long registryUp = System.nanoTime();
                    int total = alertsBefore + alertsDuring;
                    Await.until("all " + total + " alerts committed after the registry came back", TIMEOUT, () -> {
                        second.requireAlive();
                        return collector.records().size() >= total;
                    });
                    Await.until("the second scorer counts all " + readDuring + " readings fed during the outage",
                            TIMEOUT, () -> {
                                second.requireAlive();
                                return second.metricSum("iotstream_events_total") == readDuring;
                            });
                    Await.until("the second scorer ready again", TIMEOUT, () -> {
                        HttpResponse<String> r = second.get("/health/ready");
                        return r != null && r.statusCode() == 200;
                    });
                    long readinessUp = System.nanoTime();

                    // Counters count committed work: every reading fed during the outage is committed, and with
                    // it every alert it caused, so reading the topics to their committed end is the whole story.
                    List<ConsumerRecord<String, Alert>> alerts = readCommitted(kafka, kafka.alerts,
                            alertDeserializer(kafka));
                    assertThat(byDevice(alerts)).as("every expected alert exactly once, in order per device")
                            .isEqualTo(expected);
                    assertThat(alerts).hasSize(total);
                    assertThat(readCommitted(kafka, kafka.errors, new ByteArrayDeserializer()))
                            .as("dead letters").isEmpty();
                    assertThat(second.metricSum("iotstream_records_in_error_total")).isZero();
                    assertThat(second.metricSum("iotstream_events_total")).isEqualTo(readDuring);
                    assertThat(second.metricSum("iotstream_alerts_total")).isEqualTo(alertsDuring);
                    assertThat(second.metric("iotstream_schema_registry_available"))
                            .isEqualTo(OptionalDouble.of(1));
                    assertThat(second.get("/health/ready").body()).contains("serving " + Models.NAME + ":v1");

                    int replaced = count(REPLACED, second.logText());
                    assertThat(replaced).as("times the tasks restarted after waiting in vain").isPositive();
                    assertThat(second.stop()).as("exit code after SIGTERM").isIn(0, 143);
                    System.out.printf("[ScoringRegistryOutageIT] %d readings before the outage (%d alerts), %d "
                            + "during (%d alerts); registry down %d ms; readiness down (from first seen) %d ms, "
                            + "ready %d ms after the registry answered again; %d task restart(s) after waiting in vain; "
                            + "0 dead letters; whole test %d ms%n", readBefore, alertsBefore, readDuring,
                            alertsDuring, ms(registryUp - registryDown), ms(readinessUp - readinessDown),
                            ms(readinessUp - registryUp), replaced, ms(System.nanoTime() - t0));
                }
            }
        }
    }

    /** Produces {@code rounds} readings per device and returns how many. */
    private static int produce(TransitionReadings readings, KafkaProducer<String, SensorReading> producer,
            String topic, int rounds) {
        int n = rounds * DEVICES;
        for (int i = 0; i < n; i++) {
            SensorReading reading = readings.next();
            producer.send(new ProducerRecord<>(topic, reading.getDeviceId(), reading));
        }
        producer.flush();
        return n;
    }

    private static Map<String, List<AlertKind>> copy(Map<String, List<AlertKind>> expected) {
        Map<String, List<AlertKind>> copy = new LinkedHashMap<>();
        expected.forEach((device, kinds) -> copy.put(device, List.copyOf(kinds)));
        return copy;
    }

    /** Each device's alert kinds, in partition-offset order. */
    private static Map<String, List<AlertKind>> byDevice(List<ConsumerRecord<String, Alert>> records) {
        List<ConsumerRecord<String, Alert>> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.<ConsumerRecord<String, Alert>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        Map<String, List<AlertKind>> actual = new LinkedHashMap<>();
        for (ConsumerRecord<String, Alert> r : sorted) {
            actual.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getKind());
        }
        return actual;
    }

    private static Deserializer<Alert> alertDeserializer(KafkaFixture kafka) {
        AvroDeserializer<Alert> deserializer = AvroDeserializer.specific(Alert.class);
        deserializer.configure(Map.of("schema.registry.url", kafka.registry), false);
        return deserializer;
    }

    /** Every committed record of {@code topic}, from the beginning to its last stable offset now. */
    private static <V> List<ConsumerRecord<String, V>> readCommitted(KafkaFixture kafka, String topic,
            Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Await.until("read " + topic + " up to " + end, TIMEOUT, () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return records;
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
