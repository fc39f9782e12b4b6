package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.score.LogisticScorer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.testsupport.ApicurioRegistry;
import io.iotstream.testsupport.Await;
import io.iotstream.testsupport.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash: the scorer runs in a child JVM, is killed with SIGKILL mid-stream (no commit, an
 * open transaction) and started again on the same state folder. The alerts it committed must be exactly those
 * computed offline from the input, per device and in order: none lost, none duplicated, and device state (the
 * last decision) carried across the crash through the changelog.
 */
class ScoringRestartIT {

    private static final int SENSORS = 10;
    private static final int DEVICES = 50;
    private static final int READINGS_PER_DEVICE = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldNeitherLoseNorDuplicateAlertsWhenTheScorerIsKilledMidStream() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), ApicurioRegistry.shared().ccompatUrl());
        var model = Models.sensorOneHigh("v1", SENSORS);
        LogisticScorer scorer = new LogisticScorer(model);
        Map<String, List<AlertKind>> expected = new LinkedHashMap<>();
        int expectedCount;
        try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions());
             KafkaProducer<String, SensorReading> producer = kafka.readingProducer()) {
            store.publish(model);
            store.promote(Models.NAME, "v1", "it");
            expectedCount = produce(producer, kafka.input, scorer, expected);
        }
        assertThat(expectedCount).isGreaterThan(5_000);

        Map<String, String> settings = kafka.settings("restart-" + kafka.prefix, dir.resolve("state"), Map.of(
                ScoringConfig.SCORING_MODE, "event",
                // Many commits, so that the kill lands between two of them with work in flight.
                ScoringConfig.COMMIT_INTERVAL_MS, "100",
                ScoringConfig.PROCESSING_GUARANTEE, ScoringConfig.EXACTLY_ONCE_V2,
                ScoringConfig.S3_ENDPOINT, kafka.s3.endpoint().toString(),
                ScoringConfig.S3_REGION, kafka.s3.region(),
                ScoringConfig.MODEL_POLL_INTERVAL_MS, "0"));
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", kafka.s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", kafka.s3.secretKey());
        Path log = dir.resolve("scorer.log");
        try (KafkaFixture.AlertCollector collector = kafka.collectAlerts()) {
            try (ScorerProcess first = ScorerProcess.start(settings, env, log)) {
                Await.until("a third of the alerts committed by the first scorer", Duration.ofSeconds(120), () -> {
                    if (!first.isAlive()) {
                        throw new AssertionError("the scorer exited: " + first.tail());
                    }
                    return collector.records().size() >= expectedCount / 3;
                });
                first.kill();
            }
            int atKill = collector.records().size();
            assertThat(atKill).as("the crash happened mid-stream").isLessThan(expectedCount);

            try (ScorerProcess second = ScorerProcess.start(settings, env, log)) {
                Await.until("all " + expectedCount + " alerts committed after the restart", Duration.ofSeconds(180),
                        () -> {
                            if (!second.isAlive()) {
                                throw new AssertionError("the scorer exited: " + second.tail());
                            }
                            return collector.records().size() >= expectedCount;
                        });
                // A duplicate would show up right behind the last expected alert: give it time to.
                Thread.sleep(2_000);
                assertThat(second.stop()).as("exit code after SIGTERM: 0, or 143 when the JVM reports the signal")
                        .isIn(0, 143);
            }
            Map<String, List<AlertKind>> actual = new LinkedHashMap<>();
            List<ConsumerRecord<String, io.iotstream.schemas.Alert>> records = new ArrayList<>(collector.records());
            records.sort(Comparator.<ConsumerRecord<String, io.iotstream.schemas.Alert>>comparingInt(
                    ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
            for (ConsumerRecord<String, io.iotstream.schemas.Alert> r : records) {
                actual.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getKind());
            }
            System.out.printf("[ScoringRestartIT] %d alerts expected, %d committed before the kill, %d in all%n",
                    expectedCount, atKill, records.size());
            assertThat(records).hasSize(expectedCount);
            assertThat(actual).isEqualTo(expected);
        }
    }

    /**
     * Produces every device's readings (round-robin over devices) and computes the alerts an exactly-once scorer
     * in event mode must send: with {@link Models#sensorOneHigh}, a device needs attention exactly when its latest
     * sensor-1 value is above 0.5. Sensor 1 values keep away from 0.5 so that rounding never decides.
     */
    private static int produce(KafkaProducer<String, SensorReading> producer, String topic, LogisticScorer scorer,
            Map<String, List<AlertKind>> expected) {
        Map<String, double[]> vectors = new HashMap<>();
        Map<String, Boolean> attention = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        long time = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        int alerts = 0;
        for (int i = 0; i < READINGS_PER_DEVICE; i++) {
            for (int d = 0; d < DEVICES; d++) {
                String device = "dev-" + d;
                double[] v = vectors.computeIfAbsent(device, k -> {
                    double[] x = new double[SENSORS];
                    java.util.Arrays.fill(x, 0.5);
                    return x;
                });
                int sensor = random.nextInt(5) == 0 ? 1 : 2 + random.nextInt(SENSORS - 1);
                double value = random.nextDouble();
                if (sensor == 1) {
                    value = random.nextBoolean() ? 0.55 + 0.45 * value : 0.45 * value;
                }
                v[sensor - 1] = value;
                producer.send(new ProducerRecord<>(topic, device,
                        new SensorReading(device, sensor, value, Instant.ofEpochMilli(time++))));
                boolean now = scorer.attention(v);
                if (now != attention.getOrDefault(device, false)) {
                    attention.put(device, now);
                    expected.computeIfAbsent(device, k -> new ArrayList<>())
                            .add(now ? AlertKind.ATTENTION : AlertKind.RECOVERY);
                    alerts++;
                }
            }
        }
        producer.flush();
        return alerts;
    }
}
