package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerSaslSslIT {

    private final KafkaBroker broker = KafkaBroker.sharedSaslSsl();

    @Test
    void shouldServeClientsWithTheSaslSslSettings() throws Exception {
        broker.createTopic("iot.secure.v1", 1, Map.of());
        Map<String, Object> producerConfig = clientConfig(broker.clientSettings());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("iot.secure.v1", "device-1", "42.0")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = clientConfig(broker.clientSettings());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("iot.secure.v1", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            ConsumerRecord<String, String> record = Await.until("the record is read back over SASL_SSL",
                    Duration.ofSeconds(30), () -> {
                        var records = consumer.poll(Duration.ofMillis(200));
                        return records.isEmpty() ? null : records.iterator().next();
                    });
            assertThat(record.key() + "=" + record.value()).isEqualTo("device-1=42.0");
        }
    }

    @Test
    void shouldWriteTheClientSettingsToAPropertiesFile() throws Exception {
        Properties file = new Properties();
        try (var in = Files.newBufferedReader(broker.clientPropertiesFile())) {
            file.load(in);
        }
        assertThat(file).containsAllEntriesOf(broker.clientSettings());
        assertThat(file.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(file.getProperty("sasl.jaas.config")).contains(broker.scramPassword());
    }

    @Test
    void shouldRefuseAWrongPasswordWithAnAuthenticationError() {
        Map<String, Object> config = clientConfig(broker.clientSettings(KafkaBroker.SCRAM_USERNAME, "not-the-password"));
        long t0 = System.nanoTime();
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials");
        }
        System.out.printf("wrong password refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void shouldRefusePlaintextClientsWithinTheirTimeout() {
        Map<String, Object> config = clientConfig(Map.of());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        long t0 = System.nanoTime();
        try (Admin admin = Admin.create(config)) {
            // The broker drops a connection that does not start a TLS handshake: a plaintext client never gets
            // metadata and gives up at its timeout rather than waiting for ever.
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        System.out.printf("plaintext refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    private Map<String, Object> clientConfig(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }
}
