package io.iotstream.bench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkPeerCommandTest {

    @Test
    void shouldTurnTheClientPropertiesFileIntoKafkaSourceOptions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.write(file, List.of("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\\\"u\\\" "
                        + "password=\\\"p\\\";", "enable.auto.commit=false", "group.id=bench"));

        assertThat(SparkPeerCommand.kafkaOptions(file))
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("kafka.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";")
                .doesNotContainKeys("kafka.enable.auto.commit", "kafka.group.id")
                .hasSize(3);
    }

    @Test
    void shouldGiveNoOptionsWithoutAFile() throws Exception {
        assertThat(SparkPeerCommand.kafkaOptions(null)).isEmpty();
    }
}
