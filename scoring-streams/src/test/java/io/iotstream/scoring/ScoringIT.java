package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer against a real broker (KRaft, 127.0.0.1) and a real S3 API (S3Proxy): models published to S3, known
 * faulty devices, a live model swap while events flow, the operator endpoint.
 */
class ScoringIT {

    private static final int SENSORS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldAlertExactlyTheFaultyDevicesAndSwitchModelVersionWithoutAGap() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), "mock://scoring-it-" + UUID.randomUUID());
        FailureRule v1Rule = FailureRule.standard(SENSORS);
        FailureRule v2Rule = FailureRule.withCutoff(SENSORS, v1Rule.cutoff() + 3.5);
        ModelArtifact v1 = Models.ofRule("v1", v1Rule, 4.0);
        ModelArtifact v2 = Models.ofRule("v2", v2Rule, 4.0);
        List<Fleet.Device> before = Fleet.generate("a-", 40, v1Rule, 1, 1.0);
        List<Fleet.Device> after = Fleet.generate("b-", 40, v2Rule, 2, 1.0);
        assertThat(before).anyMatch(Fleet.Device::faulty).anyMatch(d -> !d.faulty());
        assertThat(after).anyMatch(Fleet.Device::faulty).anyMatch(d -> !d.faulty());

        Duration interval = Duration.ofMillis(250);
        Map<String, String> settings = kafka.settings("scorer-" + kafka.prefix, dir.resolve("state"), Map.of(
                ScoringConfig.ALERTS_EMIT, "all",
                ScoringConfig.SCORING_INTERVAL_MS, Long.toString(interval.toMillis()),
                // Each fleet sends one burst; partitions without the heartbeat then go quiet, and their last
                // intervals are scored by the idle close: a second later rather than the default 30 s.
                ScoringConfig.SCORING_IDLE_CLOSE_MS, "1000",
                ScoringConfig.NUM_STREAM_THREADS, "2"));
        try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions());
             KafkaProducer<String, SensorReading> producer = kafka.readingProducer();
             KafkaProducer<String, String> events = kafka.stringProducer();
             KafkaFixture.AlertCollector collector = kafka.collectAlerts()) {
            store.publish(v1);
            store.promote(Models.NAME, "v1", "it");
            try (ScoringApp app = ScoringApp.start(ScoringConfig.resolve(settings, Map.of(), null),
                    kafka.storeOptions(), Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                Await.until("the scorer is ready", TIMEOUT, () -> get(http, app, "/health/ready").statusCode() == 200);
                assertThat(get(http, app, "/health/ready").body()).contains("serving " + Models.NAME + ":v1");

                // A heartbeat device reports all along: one STATUS alert per interval, across the swap.
                AtomicBoolean beating = new AtomicBoolean(true);
                Thread heartbeat = new Thread(() -> {
                    while (beating.get()) {
                        producer.send(reading(kafka.input, "heartbeat", 1, 0.1));
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "heartbeat");
                heartbeat.start();

                send(producer, kafka.input, before);
                Set<String> faultyBefore = ids(before, true);
                Await.until("ATTENTION alerts for the faulty devices of the first fleet", TIMEOUT,
                        () -> attention(collector, "a-").equals(faultyBefore));

                long swapStart = System.nanoTime();
                store.publish(v2);
                store.promote(Models.NAME, "v2", "it");
                events.send(new ProducerRecord<>(kafka.modelEvents, Models.NAME,
                        new ModelEvent(Models.NAME, "v2", kafka.storeUri(), v2.checksum()).toJson())).get();
                Await.until("the scorer serves v2", TIMEOUT,
                        () -> (Models.NAME + ":v2").equals(app.models().currentId()));
                long swapMs = (System.nanoTime() - swapStart) / 1_000_000;

                send(producer, kafka.input, after);
                Set<String> faultyAfter = ids(after, true);
                Await.until("ATTENTION alerts for the faulty devices of the second fleet", TIMEOUT,
                        () -> attention(collector, "b-").equals(faultyAfter));
                Await.until("heartbeats scored by v2", TIMEOUT, () -> collector.alerts().stream()
                        .anyMatch(a -> a.getDeviceId().equals("heartbeat") && a.getModelVersion().equals("v2")));
                beating.set(false);
                heartbeat.join();
                collector.awaitEnd(TIMEOUT);

                List<Alert> alerts = collector.alerts();
                assertThat(alerts).filteredOn(a -> a.getDeviceId().startsWith("a-")
                        && a.getKind() == AlertKind.ATTENTION).extracting(Alert::getModelVersion).containsOnly("v1");
                assertThat(alerts).filteredOn(a -> a.getDeviceId().startsWith("b-"))
                        .extracting(Alert::getModelVersion).containsOnly("v2");
                assertThat(attention(collector, "a-")).isEqualTo(faultyBefore);
                assertThat(attention(collector, "b-")).isEqualTo(faultyAfter);

                // The heartbeat's alerts switch from v1 to v2 once, and keep coming every interval meanwhile.
                List<Alert> beats = collector.records().stream()
                        .filter(r -> r.key().equals("heartbeat")).sorted((x, y) -> Long.compare(x.offset(), y.offset()))
                        .map(ConsumerRecord::value).toList();
                String versions = beats.stream().map(Alert::getModelVersion).distinct()
                        .collect(Collectors.joining(","));
                assertThat(versions).isEqualTo("v1,v2");
                long maxGap = 0;
                for (int i = 1; i < beats.size(); i++) {
                    maxGap = Math.max(maxGap, beats.get(i).getScoredAt().toEpochMilli()
                            - beats.get(i - 1).getScoredAt().toEpochMilli());
                }
                // Generous for a busy 2-core machine: a gap would be the length of the swap, not a few intervals.
                assertThat(maxGap).as("longest time between two heartbeat alerts, ms")
                        .isLessThan(8 * interval.toMillis());
                System.out.printf("[ScoringIT] model swap reached the scorer in %d ms (promote + event); "
                        + "%d heartbeat alerts, longest gap %d ms%n", swapMs, beats.size(), maxGap);

                String metrics = get(http, app, "/metrics").body();
                assertThat(metrics).contains("iotstream_events_total{type=\"reading\"}",
                        "iotstream_model_info{name=\"sensor-failure\",version=\"v2\"} 1",
                        "iotstream_model_swaps_total 1", "iotstream_alerts_total{kind=\"ATTENTION\"}",
                        "kafka_stream_");
                assertThat(get(http, app, "/health/live").statusCode()).isEqualTo(200);
            }
        }
    }

    static HttpResponse<String> get(HttpClient http, ScoringApp app, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(KafkaProducer<String, SensorReading> producer, String topic, List<Fleet.Device> devices) {
        for (Fleet.Device d : devices) {
            for (int sensor : d.sendingOrder()) {
                producer.send(reading(topic, d.id(), sensor, d.values()[sensor - 1]));
            }
        }
        producer.flush();
    }

    static ProducerRecord<String, SensorReading> reading(String topic, String device, int sensor, double value) {
        return new ProducerRecord<>(topic, device, new SensorReading(device, sensor, value, Instant.now()));
    }

    private static Set<String> ids(List<Fleet.Device> devices, boolean faulty) {
        return devices.stream().filter(d -> d.faulty() == faulty).map(Fleet.Device::id).collect(Collectors.toSet());
    }

    private static Set<String> attention(KafkaFixture.AlertCollector collector, String prefix) {
        return collector.alerts().stream()
                .filter(a -> a.getDeviceId().startsWith(prefix) && a.getKind() == AlertKind.ATTENTION)
                .map(Alert::getDeviceId).collect(Collectors.toSet());
    }
}
