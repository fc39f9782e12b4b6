package io.iotstream.scoring;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.testing.ScorerFixture;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, clients and the S3 store for the scorer's integration tests, on the dev-services services. */
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
        private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
        private final KafkaFixture fixture;
        private final Thread thread;
        private volatile boolean running = true;

        AlertCollector(KafkaFixture fixture) {
            this.fixture = fixture;
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
                        for (TopicPartition tp : partitions) {
                            positions.put(tp, consumer.position(tp));
                        }
                    }
                }
            }, "alert-collector");
            thread.setDaemon(true);
            thread.start();
        }

        List<ConsumerRecord<String, Alert>> records() {
            return records;
        }

        /**
         * Waits until every alert committed so far has been collected: the collector's position reaches the end of
         * each partition (the last stable offset, commit markers included). Once the scorers have stopped, nothing
         * can come after: no fixed wait for a duplicate that should not come.
         */
        void awaitEnd(Duration timeout) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.broker.bootstrapServers());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            Map<TopicPartition, Long> end;
            try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(config,
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition(fixture.alerts, p));
                }
                end = probe.endOffsets(partitions);
            }
            Await.until("the alerts collected to the end of the topic " + end, timeout,
                    () -> end.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L)
                            >= e.getValue()));
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
