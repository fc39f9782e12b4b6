package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka security settings reach every client of the scorer from the file and IOTSTREAM_KAFKA_PROPERTY_* variables. */
class ScoringConfigSecurityTest {

    @TempDir
    Path dir;

    @Test
    void shouldPassFileAndEnvironmentClientSettingsToKafkaStreamsAndTheSerdes() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.properties"), "security.protocol=SASL_SSL\n"
                + "sasl.mechanism=SCRAM-SHA-512\nssl.truststore.password=from-file\n");
        Map<String, String> env = Map.of(
                "IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"p\";",
                "IOTSTREAM_KAFKA_PROPERTY_SSL_TRUSTSTORE_PASSWORD", "from-env",
                "IOTSTREAM_KAFKA_CONFIG", file.toString(),
                "IOTSTREAM_MODEL_URI", "file:///srv/models/m",
                "IOTSTREAM_SCHEMA_REGISTRY_URL", "mock://security");
        ScoringConfig config = ScoringConfig.resolve(Map.of("bootstrap.servers", "kafka:9093"), env, null);

        assertThat(config.kafkaSettings()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("ssl.truststore.password", "from-env"),
                Map.entry("sasl.jaas.config", "ScramLoginModule required password=\"p\";"));
        ScoringMetrics metrics = new ScoringMetrics(new SimpleMeterRegistry());
        Properties streams;
        try (ModelStore store = ModelStores.open(dir.toUri().toString(), StoreOptions.defaults())) {
            streams = ScoringTopology.streamsConfig(config,
                    new ModelHolder(config.modelRef(), store, 0, metrics, Clock.systemUTC()), metrics);
        }
        // unprefixed: Kafka Streams gives them to its consumers, producers, admin client and global consumer
        assertThat(streams).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required password=\"p\";")
                .containsEntry("ssl.truststore.password", "from-env");
        assertThat(config.serdeConfig()).containsEntry("security.protocol", "SASL_SSL");
    }
}
