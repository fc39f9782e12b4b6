package io.iotstream.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetTheFileBeatDefaultsAndOverridesBeatTheFile() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "# security\nsecurity.protocol=SASL_SSL\nlinger.ms = 50\n");
        Map<String, Object> merged = KafkaClientProperties.merge(Map.of("linger.ms", "5", "acks", "all"), file,
                List.of("linger.ms=20", "sasl.jaas.config=a=b c=d"));
        assertThat(merged).containsEntry("acks", "all").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "20").containsEntry("sasl.jaas.config", "a=b c=d");
    }

    @Test
    void shouldNameTheFileOrTheOverrideThatCannotBeUsed() {
        assertThatThrownBy(() -> KafkaClientProperties.load(dir.resolve("missing.properties")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.properties")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KafkaClientProperties.parseOverride("linger.ms"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'linger.ms' is not key=value");
        assertThatThrownBy(() -> KafkaClientProperties.parseOverride("=5"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHideSecretsWhenDescribing() {
        String text = KafkaClientProperties.describe(Map.of(
                "sasl.jaas.config", "org.apache.kafka...PlainLoginModule required password=\"x\";",
                "ssl.truststore.password", "changeit",
                "basic.auth.user.info", "u:p",
                "schema.registry.url", "http://user:pw@registry:8080/apis/ccompat/v7",
                "bootstrap.servers", "127.0.0.1:9092"));
        assertThat(text).doesNotContain("changeit", "u:p", "pw@", "password=\"x")
                .contains("bootstrap.servers=127.0.0.1:9092\n")
                .contains("schema.registry.url=http://[hidden]@registry:8080/apis/ccompat/v7\n")
                .contains("sasl.jaas.config=[hidden]\n");
    }
}
