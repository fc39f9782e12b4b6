package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.score.LogisticScorer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash: the scorer runs in a child JVM, is killed with SIGKILL mid-stream (no commit, an open transaction) and
 * started again on the same state folder. Under exactly-once the alerts it committed must be exactly those computed
 * offline from the input, per device and in order: none lost, none duplicated, and device state (the last
 * decision) carried across the crash through the changelog. Under at-least-once none is lost; the duplicates are
 * counted and printed.
 */
class ScoringRestartIT {

    private static final int SENSORS = 10;
    private static final int DEVICES = 50;
    private static final int READINGS_PER_DEVICE = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldNeitherLoseNorDuplicateAlertsWhenTheScorerIsKilledMidStream() throws Exception {
        Map<String, List<AlertKind>> expected = new LinkedHashMap<>();
        Run run = killAndRestart(ScoringConfig.EXACTLY_ONCE_V2, READINGS_PER_DEVICE, expected,
                (actual, count) -> count >= expectedCount(expected));
        System.out.printf("[ScoringRestartIT] exactly-once: %d alerts expected, %d committed before the kill, "
                + "%d in all%n", expectedCount(expected), run.atKill, run.count);
        assertThat(run.count).isEqualTo(expectedCount(expected));
        assertThat(run.actual).isEqualTo(expected);
    }

    /**
     * At-least-once: after the kill the restarted scorer reprocesses what the killed one had not committed, so
     * alerts may repeat, but none is lost: each device's expected alerts appear in its alerts in order.
     */
    @Test
    void shouldLoseNoAlertUnderAtLeastOnceWhenTheScorerIsKilledMidStream() throws Exception {
        Map<String, List<AlertKind>> expected = new LinkedHashMap<>();
        Run run = killAndRestart(ScoringConfig.AT_LEAST_ONCE, READINGS_PER_DEVICE / 2, expected,
                (actual, count) -> containsInOrder(actual, expected));
        int duplicates = run.count - expectedCount(expected);
        System.out.printf("[ScoringRestartIT] at-least-once: %d alerts expected, %d sent before the kill, "
                + "%d in all: 0 lost, %d duplicates%n", expectedCount(expected), run.atKill, run.count, duplicates);
        assertThat(containsInOrder(run.actual, expected)).as("every expected alert, in order, per device").isTrue();
        assertThat(duplicates).isNotNegative();
    }

    private record Run(Map<String, List<AlertKind>> actual, int count, int atKill) {
    }

    private Run killAndRestart(String guarantee, int rounds, Map<String, List<AlertKind>> expected,
            java.util.function.BiPredicate<Map<String, List<AlertKind>>, Integer> done) throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), ApicurioRegistry.shared().ccompatUrl());
        var model = Models.sensorOneHigh("v1", SENSORS);
        LogisticScorer scorer = new LogisticScorer(model);
        // Half the input before the first scorer starts, the other half only after it is killed: however fast the
        // scorer, the crash lands mid-stream, and the restarted one must carry each device's state on from it.
        TransitionReadings readings = new TransitionReadings(scorer, DEVICES, 42);
        int firstHalf;
        try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions());
             KafkaProducer<String, SensorReading> producer = kafka.readingProducer()) {
            store.publish(model);
            store.promote(Models.NAME, "v1", "it");
            firstHalf = produce(readings, expected, producer, kafka.input, rounds / 2);
        }
        assertThat(firstHalf).isGreaterThan(1_000);

        Map<String, String> settings = kafka.settings("restart-" + kafka.prefix, dir.resolve("state"), Map.of(
                ScoringConfig.SCORING_MODE, "event",
                // Exactly-once: many commits, so that the kill lands between two of them with work in flight.
                // At-least-once: a second of uncommitted work at the kill, to be reprocessed after the restart.
                ScoringConfig.COMMIT_INTERVAL_MS, guarantee.equals(ScoringConfig.AT_LEAST_ONCE) ? "1000" : "100",
                ScoringConfig.PROCESSING_GUARANTEE, guarantee,
                ScoringConfig.S3_ENDPOINT, kafka.s3.endpoint().toString(),
                ScoringConfig.S3_REGION, kafka.s3.region(),
                ScoringConfig.MODEL_POLL_INTERVAL_MS, "0",
                // The restarted instance gets the partitions once the killed one's session expired.
                ScoringConfig.KAFKA_CONFIG, KafkaFixture.shortSessionConfig(dir).toString()));
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", kafka.s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", kafka.s3.secretKey());
        try (KafkaFixture.AlertCollector collector = kafka.collectAlerts()) {
            try (ScorerProcess first = ScorerProcess.start("restart", settings, env, dir)) {
                Await.until("a third of the first half's alerts committed by the first scorer",
                        Duration.ofSeconds(120), () -> {
                            first.requireAlive();
                            return collector.records().size() >= firstHalf / 3;
                        });
                first.kill();
            }
            int atKill = collector.records().size();
            int expectedCount;
            try (KafkaProducer<String, SensorReading> producer = kafka.readingProducer()) {
                expectedCount = firstHalf + produce(readings, expected, producer, kafka.input, rounds - rounds / 2);
            }
            assertThat(atKill).as("the crash happened mid-stream").isLessThan(expectedCount);

            try (ScorerProcess second = ScorerProcess.start("restart", settings, env, dir)) {
                Await.until("all " + expectedCount + " alerts committed after the restart", Duration.ofSeconds(180),
                        () -> {
                            second.requireAlive();
                            List<ConsumerRecord<String, io.iotstream.schemas.Alert>> now =
                                    new ArrayList<>(collector.records());
                            return done.test(byDevice(now), now.size());
                        });
                assertThat(second.stop()).as("exit code after SIGTERM: 0, or 143 when the JVM reports the signal")
                        .isIn(0, 143);
            }
            // Stopped: whatever it committed, a late duplicate included, is in the topic now.
            collector.awaitEnd(Duration.ofSeconds(60));
            List<ConsumerRecord<String, io.iotstream.schemas.Alert>> records = new ArrayList<>(collector.records());
            return new Run(byDevice(records), records.size(), atKill);
        }
    }

    private static int expectedCount(Map<String, List<AlertKind>> expected) {
        return expected.values().stream().mapToInt(List::size).sum();
    }

    /** Each device's alert kinds, in partition-offset order. */
    private static Map<String, List<AlertKind>> byDevice(
            List<ConsumerRecord<String, io.iotstream.schemas.Alert>> records) {
        List<ConsumerRecord<String, io.iotstream.schemas.Alert>> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.<ConsumerRecord<String, io.iotstream.schemas.Alert>>comparingInt(
                ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        Map<String, List<AlertKind>> actual = new LinkedHashMap<>();
        for (ConsumerRecord<String, io.iotstream.schemas.Alert> r : sorted) {
            actual.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getKind());
        }
        return actual;
    }

    /** Whether each device's expected alerts occur in its actual alerts in order (extra ones allowed). */
    private static boolean containsInOrder(Map<String, List<AlertKind>> actual,
            Map<String, List<AlertKind>> expected) {
        for (Map.Entry<String, List<AlertKind>> e : expected.entrySet()) {
            List<AlertKind> got = actual.getOrDefault(e.getKey(), List.of());
            int i = 0;
            for (AlertKind kind : got) {
                if (i < e.getValue().size() && e.getValue().get(i) == kind) {
                    i++;
                }
            }
            if (i < e.getValue().size()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Produces {@code rounds} readings per device of {@code readings}, merges the alerts now due into
     * {@code expected}, and returns how many alerts these readings add.
     */
    private static int produce(TransitionReadings readings, Map<String, List<AlertKind>> expected,
            KafkaProducer<String, SensorReading> producer, String topic, int rounds) {
        int before = readings.alerts();
        for (int i = 0; i < rounds * DEVICES; i++) {
            SensorReading reading = readings.next();
            producer.send(new ProducerRecord<>(topic, reading.getDeviceId(), reading));
        }
        producer.flush();
        expected.putAll(readings.expected());
        return readings.alerts() - before;
    }
}
