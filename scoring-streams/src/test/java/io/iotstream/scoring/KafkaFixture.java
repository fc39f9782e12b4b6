package io.iotstream.scoring;

import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.testsupport.KafkaBroker;
import io.iotstream.testsupport.S3ProxyServer;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Topics, clients and the S3 store for the scorer's integration tests, on the test-support services. */
final class KafkaFixture {

    static final int PARTITIONS = 4;
    static final String BUCKET = "scoring-it";

    final KafkaBroker broker;
    final S3ProxyServer s3;
    final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    final String input = "iot.sensor-readings." + prefix;
    final String alerts = "iot.alerts." + prefix;
    final String errors = "iot.scoring.dlq." + prefix;
    final String modelEvents = "iot.models." + prefix;
    final String registry;

    KafkaFixture(KafkaBroker broker, String registry) {
        this.broker = broker;
        this.registry = registry;
        this.s3 = S3ProxyServer.shared();
        s3.createBucket(BUCKET);
        broker.createTopic(input, PARTITIONS, Map.of());
        broker.createTopic(alerts, PARTITIONS, Map.of());
        broker.createTopic(errors, 1, Map.of());
        broker.createTopic(modelEvents, 1, Map.of("cleanup.policy", "compact"));
    }

    /** The model store: a fresh prefix of the S3 bucket. */
    String storeUri() {
        return "s3://" + BUCKET + "/" + prefix;
    }

    StoreOptions storeOptions() {
        return StoreOptions.defaults().withS3Endpoint(s3.endpoint()).withS3PathStyle(true).withRegion(s3.region())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
    }

    /** Settings of a scorer on these topics; {@code extra} on top. */
    Map<String, String> settings(String applicationId, java.nio.file.Path stateDir, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put(ScoringConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        s.put(ScoringConfig.APPLICATION_ID, applicationId);
        s.put(ScoringConfig.INPUT_TOPIC, input);
        s.put(ScoringConfig.ALERTS_TOPIC, alerts);
        s.put(ScoringConfig.ERROR_TOPIC, errors);
        s.put(ScoringConfig.MODEL_EVENTS_TOPIC, modelEvents);
        s.put(ScoringConfig.MODEL_URI, storeUri() + "/" + Models.NAME);
        s.put(ScoringConfig.SCHEMA_REGISTRY_URL, registry);
        s.put(ScoringConfig.STATE_DIR, stateDir.toString());
        s.put(ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
        s.put(ScoringConfig.HTTP_PORT, "0");
        s.putAll(extra);
        return s;
    }

    /**
     * A {@code kafka.config.file} with the broker's shortest consumer session (6 s): Kafka Streams does not leave
     * the group when it closes, so an instance that stopped or was killed keeps its partitions until its session
     * expires (45 s by default). Tests of takeovers and restarts would mostly wait for that.
     */
    static java.nio.file.Path shortSessionConfig(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        return java.nio.file.Files.writeString(dir.resolve("kafka-short-session.properties"),
                "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
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
