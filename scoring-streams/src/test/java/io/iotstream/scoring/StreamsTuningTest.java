package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorer's own defaults for Kafka client settings, and that the Kafka settings file still wins over them. */
class StreamsTuningTest {

    @TempDir
    Path dir;

    private Map<String, Object> producerConfig(String kafkaFileContent) throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of(
                ScoringConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092",
                ScoringConfig.MODEL_URI, "s3://models/prod/sensor-failure",
                ScoringConfig.SCHEMA_REGISTRY_URL, "http://registry:8080/apis/ccompat/v7"));
        if (kafkaFileContent != null) {
            Path kafka = dir.resolve("client.properties");
            Files.writeString(kafka, kafkaFileContent);
            flags.put(ScoringConfig.KAFKA_CONFIG, kafka.toString());
        }
        ScoringConfig config = ScoringConfig.resolve(flags, Map.of(), null);
        ScoringMetrics metrics = ScoringMetrics.inMemory();
        ModelHolder models = new ModelHolder(config.modelRef(),
                ModelStores.open(dir.toString(), StoreOptions.defaults()), 0, metrics, Clock.systemUTC());
        return new StreamsConfig(ScoringTopology.streamsConfig(config, models, metrics)).getProducerConfigs("p");
    }

    @Test
    void shouldBatchTheChangelogInLargerBatchesThanKafkasDefault() throws Exception {
        assertThat(producerConfig(null)).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG,
                ScoringTopology.PRODUCER_BATCH_SIZE);
    }

    @Test
    void shouldLeaveTheBatchSizeOfTheKafkaSettingsFileAlone() throws Exception {
        assertThat(producerConfig("batch.size=32768\n")).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "32768");
        assertThat(producerConfig("producer.batch.size=65536\n"))
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    }
}
