package io.iotstream.scoring;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.testing.ScorerFixture;
import io.iotstream.testsupport.KafkaBroker;
import io.iotstream.testsupport.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, clients and the S3 store for the scorer's integration tests, on the test-support services. */
final class KafkaFixture extends ScorerFixture {

    KafkaFixture(KafkaBroker broker, String registry) {
        super(broker, S3ProxyServer.shared(), registry, "scoring-it",
                "t" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Settings of a scorer on these topics; {@code extra} on top. */
    Map<String, String> settings(String applicationId, Path stateDir, Map<String, String> extra) {
        Map<String, String> s = scorerSettings(applicationId, stateDir, Models.NAME);
        s.putAll(extra);
        return s;
    }

    KafkaProducer<String, SensorReading> readingProducer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put("schema.registry.url", registry);
        return new KafkaProducer<>(config, new StringSerializer(), serializer(config));
    }

    KafkaProducer<String, String> stringProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @SuppressWarnings("unchecked")
    private static AvroSerializer<SensorReading> serializer(Map<String, Object> config) {
        AvroSerializer<SensorReading> s = new AvroSerializer<>();
        s.configure(config, false);
        return s;
    }

    /**
     * Reads the alerts topic (read_committed: only what the scorer committed) on a background thread into
     * {@link AlertCollector#alerts()}.
     */
    AlertCollector collectAlerts() {
        return new AlertCollector(this);
    }

    static final class AlertCollector implements AutoCloseable {
        private final List<ConsumerRecord<String, Alert>> records = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        AlertCollector(KafkaFixture fixture) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.broker.bootstrapServers());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put("schema.registry.url", fixture.registry);
            AvroDeserializer<Alert> deserializer = AvroDeserializer.specific(Alert.class);
            deserializer.configure(config, false);
            KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    deserializer);
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(fixture.alerts, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                    }
                }
            }, "alert-collector");
            thread.setDaemon(true);
            thread.start();
        }

        List<ConsumerRecord<String, Alert>> records() {
            return records;
        }

        List<Alert> alerts() {
            return records.stream().map(ConsumerRecord::value).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
