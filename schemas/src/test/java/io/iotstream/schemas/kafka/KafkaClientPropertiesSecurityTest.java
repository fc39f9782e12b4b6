package io.iotstream.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security settings from a file and from {@code IOTSTREAM_KAFKA_PROPERTY_*} variables. */
class KafkaClientPropertiesSecurityTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetTheEnvironmentBeatTheFileAndOverridesBeatTheEnvironment() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "ssl.truststore.location=/etc/kafka/truststore.p12\nssl.truststore.password=from-file\n");
        Map<String, String> env = Map.of(
                "IOTSTREAM_KAFKA_PROPERTY_SSL_TRUSTSTORE_PASSWORD", "from-env",
                "IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", "ScramLoginModule required username=\"u\";",
                "IOTSTREAM_KAFKA_PROPERTY_LINGER_MS", "50",
                "IOTSTREAM_KAFKA_CONFIG", "/not/a/client/setting",
                "PATH", "/usr/bin");
        Map<String, Object> merged = KafkaClientProperties.merge(Map.of("linger.ms", "5"), file, env,
                List.of("linger.ms=20"));
        assertThat(merged)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.password", "from-env")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required username=\"u\";")
                .containsEntry("linger.ms", "20")
                .doesNotContainKeys("config", "path");
    }

    @Test
    void shouldMapSettingNamesToVariablesBothWays() {
        assertThat(KafkaClientProperties.envName("sasl.jaas.config"))
                .isEqualTo("IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG");
        assertThat(KafkaClientProperties.envName("some_odd.key")).isEqualTo("IOTSTREAM_KAFKA_PROPERTY_SOME__ODD_KEY");
        assertThat(KafkaClientProperties.fromEnvironment(Map.of(
                KafkaClientProperties.envName("some_odd.key"), "1",
                KafkaClientProperties.envName("ssl.endpoint.identification.algorithm"), "",
                "IOTSTREAM_KAFKA_PROPERTY_", "ignored")))
                .containsOnly(Map.entry("some_odd.key", "1"), Map.entry("ssl.endpoint.identification.algorithm", ""));
    }

    @Test
    void shouldNeverDescribeSecretsFromTheEnvironment() {
        Map<String, Object> merged = KafkaClientProperties.merge(Map.of(), null, Map.of(
                "IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", "x required password=\"s3cr3t-jaas\";",
                "IOTSTREAM_KAFKA_PROPERTY_SSL_KEYSTORE_PASSWORD", "s3cr3t-ks"), List.of());
        assertThat(KafkaClientProperties.describe(merged)).doesNotContain("s3cr3t")
                .contains("sasl.jaas.config=[hidden]", "ssl.keystore.password=[hidden]");
    }
}
