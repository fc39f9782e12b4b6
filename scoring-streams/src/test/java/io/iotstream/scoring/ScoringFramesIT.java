package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.metrics.ScoringMetrics.Outcome;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frames topic against a real broker: a {@link SensorFrame} sets a device's whole vector, alerts name exactly
 * the faulty devices, and labelled frames fill the live confusion matrix (including deliberately mislabelled ones).
 */
class ScoringFramesIT {

    private static final int SENSORS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldScoreWholeFramesAndCountLabelledOnesInTheConfusionMatrix() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), "mock://frames-it-" + UUID.randomUUID());
        String frames = "iot.sensor-frames." + kafka.prefix;
        kafka.broker.createTopic(frames, KafkaFixture.PARTITIONS, Map.of());
        FailureRule rule = FailureRule.standard(SENSORS);
        ModelArtifact v1 = Models.ofRule("v1", rule, 4.0);
        List<Fleet.Device> fleet = Fleet.generate("f-", 40, rule, 3, 1.0);
        // Two more devices whose labels contradict the rule: one false positive, one false negative.
        List<Fleet.Device> mislabelled = Fleet.generate("m-", 20, rule, 4, 1.0);
        Fleet.Device fp = mislabelled.stream().filter(Fleet.Device::faulty).findFirst().orElseThrow();
        Fleet.Device fn = mislabelled.stream().filter(d -> !d.faulty()).findFirst().orElseThrow();
        long faulty = fleet.stream().filter(Fleet.Device::faulty).count();
        assertThat(faulty).isPositive().isLessThan(fleet.size());

        Map<String, String> settings = kafka.settings("frames-" + kafka.prefix, dir.resolve("state"), Map.of(
                ScoringConfig.FRAMES_TOPIC, frames,
                ScoringConfig.SCORING_INTERVAL_MS, "200",
                // The fleet's frames come in one burst, then nothing: its last intervals are scored by the idle
                // close, a second later rather than the default 30 s.
                ScoringConfig.SCORING_IDLE_CLOSE_MS, "1000",
                ScoringConfig.COMMIT_INTERVAL_MS, "200"));
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers());
        producerConfig.put("schema.registry.url", kafka.registry);
        AvroSerializer<SensorFrame> serializer = new AvroSerializer<>();
        serializer.configure(producerConfig, false);
        try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions());
             KafkaProducer<String, SensorFrame> producer = new KafkaProducer<>(producerConfig,
                     new StringSerializer(), serializer);
             KafkaFixture.AlertCollector collector = kafka.collectAlerts()) {
            store.publish(v1);
            store.promote(Models.NAME, "v1", "it");
            try (ScoringApp app = ScoringApp.start(ScoringConfig.resolve(settings, Map.of(), null),
                    kafka.storeOptions(), Clock.systemUTC())) {
                for (Fleet.Device d : fleet) {
                    producer.send(frame(frames, d, d.faulty() ? 1 : 0));
                }
                producer.send(frame(frames, fp, 0));
                producer.send(frame(frames, fn, 1));
                producer.flush();

                Set<String> expected = fleet.stream().filter(Fleet.Device::faulty).map(Fleet.Device::id)
                        .collect(Collectors.toSet());
                expected.add(fp.id());
                Await.until("ATTENTION alerts for exactly the faulty devices", TIMEOUT, () -> attention(collector)
                        .equals(expected));
                Await.until("every labelled frame counted", TIMEOUT, () -> Arrays.stream(Outcome.values())
                        .mapToLong(o -> app.metrics().labelled(o)).sum() == fleet.size() + 2);
                assertThat(app.metrics().labelled(Outcome.TP)).isEqualTo(faulty);
                assertThat(app.metrics().labelled(Outcome.TN)).isEqualTo(fleet.size() - faulty);
                assertThat(app.metrics().labelled(Outcome.FP)).isEqualTo(1);
                assertThat(app.metrics().labelled(Outcome.FN)).isEqualTo(1);
                assertThat(ScoringIT.get(java.net.http.HttpClient.newHttpClient(), app, "/metrics").body())
                        .contains("iotstream_frames_labelled_total{outcome=\"tp\"} " + faulty + ".0",
                                "iotstream_frames_labelled_total{outcome=\"fp\"} 1.0");
            }
        }
    }

    private static ProducerRecord<String, SensorFrame> frame(String topic, Fleet.Device d, int label) {
        List<Double> values = Arrays.stream(d.values()).boxed().toList();
        return new ProducerRecord<>(topic, d.id(), new SensorFrame(d.id(), Instant.now(), values, label));
    }

    private static Set<String> attention(KafkaFixture.AlertCollector collector) {
        return collector.alerts().stream().filter(a -> a.getKind() == AlertKind.ATTENTION)
                .map(Alert::getDeviceId).collect(Collectors.toSet());
    }
}
