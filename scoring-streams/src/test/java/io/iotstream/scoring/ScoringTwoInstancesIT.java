package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two scorer instances with the same {@code application.id} share the input partitions. A model swap reaches both
 * (the time is measured and printed); {@code reset} refuses while they run; one instance stops while readings
 * flow, the survivor takes over its partitions, then it comes back and gets partitions again. Under exactly-once
 * the committed alerts are exactly those computed offline, per device and in order.
 */
class ScoringTwoInstancesIT {

    private static final int SENSORS = 10;
    private static final int DEVICES = 40;
    private static final int ROUNDS = 600;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldShareRebalanceAndReconcileAlertsExactlyAcrossTwoInstances() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), "mock://two-instances-" + UUID.randomUUID());
        ModelArtifact v1 = Models.sensorOneHigh("v1", SENSORS);
        // Same weights, new version: the swap is visible in the alerts without changing which alerts are due.
        ModelArtifact v2 = Models.sensorOneHigh("v2", SENSORS);
        Workload work = Workload.generate(kafka.input, new LogisticScorer(v1));
        int third = work.records.size() / 3;

        String app = "two-" + kafka.prefix;
        Map<String, String> extra = Map.of(
                // A stopped instance's partitions move once its session expires.
                ScoringConfig.KAFKA_CONFIG, KafkaFixture.shortSessionConfig(dir).toString(),
                ScoringConfig.SCORING_MODE, "event",
                ScoringConfig.COMMIT_INTERVAL_MS, "100",
                ScoringConfig.PROCESSING_GUARANTEE, ScoringConfig.EXACTLY_ONCE_V2,
                // Model events only, so that the measured swap time is theirs and not a poll's.
                ScoringConfig.MODEL_POLL_INTERVAL_MS, "0");
        Map<String, String> settingsA = kafka.settings(app, dir.resolve("a"), extra);
        Map<String, String> settingsB = kafka.settings(app, dir.resolve("b"), extra);
        List<ConsumerRecord<String, Alert>> records;
        try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions());
             KafkaProducer<String, SensorReading> producer = kafka.readingProducer();
             KafkaProducer<String, String> events = kafka.stringProducer();
             KafkaFixture.AlertCollector collector = kafka.collectAlerts()) {
            store.publish(v1);
            store.promote(Models.NAME, "v1", "it");
            ScoringApp b = start(settingsB, kafka);
            ScoringApp a = start(settingsA, kafka);
            try {
                Await.until("both instances running with input partitions", TIMEOUT,
                        () -> activeTasks(a) > 0 && activeTasks(b) > 0);
                assertThat(activeTasks(a) + activeTasks(b)).isEqualTo(KafkaFixture.PARTITIONS);

                // Phase 1: both instances score.
                send(producer, work.records.subList(0, third));
                Await.until("alerts of the first third", TIMEOUT, () -> collector.records().size()
                        >= work.alertsAfter(third));

                // A swap reaches both instances: promote, announce, and time until each serves v2.
                long start = System.nanoTime();
                store.publish(v2);
                store.promote(Models.NAME, "v2", "it");
                events.send(new ProducerRecord<>(kafka.modelEvents, Models.NAME,
                        new ModelEvent(Models.NAME, "v2", kafka.storeUri(), v2.checksum()).toJson())).get();
                long[] reached = new long[2];
                Await.until("both instances serve v2", TIMEOUT, () -> {
                    long now = System.nanoTime();
                    if (reached[0] == 0 && (Models.NAME + ":v2").equals(a.models().currentId())) {
                        reached[0] = now;
                    }
                    if (reached[1] == 0 && (Models.NAME + ":v2").equals(b.models().currentId())) {
                        reached[1] = now;
                    }
                    return reached[0] != 0 && reached[1] != 0;
                });
                long firstMs = (Math.min(reached[0], reached[1]) - start) / 1_000_000;
                long bothMs = (Math.max(reached[0], reached[1]) - start) / 1_000_000;

                // reset refuses while instances run.
                StringWriter err = new StringWriter();
                CommandLine line = ScoringCommand.newCommandLine(new ScoringCommand(Map.of(), Map.of()));
                line.setOut(new PrintWriter(new StringWriter(), true));
                line.setErr(new PrintWriter(err, true));
                assertThat(line.execute("reset", "--bootstrap-servers", kafka.broker.bootstrapServers(),
                        "--application-id", app, "--input-topic", kafka.input, "--state-dir",
                        dir.resolve("reset").toString())).isEqualTo(ExitCode.FAILURE);
                assertThat(err.toString()).contains("still has", "running instance", "stop every instance");

                // Phase 2: instance A stops while the second third is being sent; B takes over its partitions.
                Thread sender = new Thread(() -> send(producer, work.records.subList(third, 2 * third)), "phase-2");
                sender.start();
                a.close();
                sender.join();
                long stopped = System.nanoTime();
                Await.until("B alone holds every input partition", TIMEOUT,
                        () -> activeTasks(b) == KafkaFixture.PARTITIONS);
                long takeoverMs = (System.nanoTime() - stopped) / 1_000_000;
                Await.until("alerts of the second third", TIMEOUT, () -> collector.records().size()
                        >= work.alertsAfter(2 * third));

                // Phase 3: A comes back (same state folder) and gets partitions again.
                try (ScoringApp again = start(settingsA, kafka)) {
                    Await.until("A back with input partitions", TIMEOUT,
                            () -> activeTasks(again) > 0 && activeTasks(again) + activeTasks(b)
                                    == KafkaFixture.PARTITIONS);
                    send(producer, work.records.subList(2 * third, work.records.size()));
                    Await.until("all " + work.alertCount + " alerts", TIMEOUT,
                            () -> collector.records().size() >= work.alertCount);
                    assertThat(again.models().currentId()).isEqualTo(Models.NAME + ":v2");
                }
                System.out.printf("[ScoringTwoInstancesIT] model swap (promote + event + fetch) reached the first "
                        + "instance in %d ms, both in %d ms; takeover after a stop %d ms; %d alerts reconciled%n", firstMs,
                        bothMs, takeoverMs, work.alertCount);
            } finally {
                a.close();
                b.close();
            }
            // Both stopped: whatever they committed, a late duplicate included, is in the topic now.
            collector.awaitEnd(TIMEOUT);
            records = new ArrayList<>(collector.records());
        }
        records.sort(Comparator.<ConsumerRecord<String, Alert>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        Map<String, List<AlertKind>> actual = new LinkedHashMap<>();
        for (ConsumerRecord<String, Alert> r : records) {
            actual.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getKind());
        }
        assertThat(records).hasSize(work.alertCount);
        assertThat(actual).isEqualTo(work.expected);
        assertThat(records).extracting(r -> r.value().getModelVersion()).contains("v1", "v2");
    }

    private static ScoringApp start(Map<String, String> settings, KafkaFixture kafka) {
        return ScoringApp.start(ScoringConfig.resolve(settings, Map.of(), null), kafka.storeOptions(),
                Clock.systemUTC());
    }

    /** Active input tasks of a running instance; 0 while it is not running (e.g. rebalancing). */
    private static int activeTasks(ScoringApp app) {
        KafkaStreams streams = app.streams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return 0;
        }
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    private static void send(KafkaProducer<String, SensorReading> producer,
            List<ProducerRecord<String, SensorReading>> records) {
        records.forEach(producer::send);
        producer.flush();
    }

    /**
     * Readings round-robin over devices, and the alerts an exactly-once scorer in event mode must send: with
     * {@link Models#sensorOneHigh}, attention exactly when the latest sensor-1 value is above 0.5 (kept away from
     * 0.5 so that rounding never decides).
     */
    private record Workload(List<ProducerRecord<String, SensorReading>> records, int[] alertsBefore,
            Map<String, List<AlertKind>> expected, int alertCount) {

        /** Alerts due once the first {@code n} records are scored. */
        int alertsAfter(int n) {
            return alertsBefore[n];
        }

        static Workload generate(String topic, LogisticScorer scorer) {
            TransitionReadings readings = new TransitionReadings(scorer, DEVICES, 7);
            List<ProducerRecord<String, SensorReading>> records = new ArrayList<>();
            int[] before = new int[ROUNDS * DEVICES + 1];
            for (int i = 0; i < ROUNDS * DEVICES; i++) {
                SensorReading reading = readings.next();
                records.add(new ProducerRecord<>(topic, reading.getDeviceId(), reading));
                before[records.size()] = readings.alerts();
            }
            return new Workload(records, before, readings.expected(), readings.alerts());
        }
    }
}
