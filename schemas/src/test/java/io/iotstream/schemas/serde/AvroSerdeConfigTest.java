package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.registry.MockSchemaRegistry;
import io.iotstream.schemas.registry.RestSchemaRegistryClient;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void defaultsMatchConfluentsSerdes() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of("schema.registry.url", "http://registry:8080"));

        assertThat(config.schemaRegistryUrls()).containsExactly("http://registry:8080");
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.userInfo()).isNull();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(AvroSerdeConfig.configDef().names()).contains("schema.registry.url",
                "basic.auth.credentials.source", "basic.auth.user.info", "auto.register.schemas",
                "http.connect.timeout.ms", "http.read.timeout.ms", "specific.avro.reader");
    }

    @Test
    void readsProducerStylePropertiesAndIgnoresTheClientsOtherKeys() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                "bootstrap.servers", "localhost:9092",
                "schema.registry.url", "http://a:8081, http://b:8081",
                "auto.register.schemas", "false",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:secret",
                "http.read.timeout.ms", "1500"));

        assertThat(config.schemaRegistryUrls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.userInfo()).isEqualTo("svc:secret");
        assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(1500));
        try (SchemaRegistryClient client = config.createRegistryClient()) {
            assertThat(client).isInstanceOf(RestSchemaRegistryClient.class);
            assertThat(client.location()).isEqualTo("[http://a:8081, http://b:8081]");
        }
    }

    @Test
    void mockUrlsGiveTheInProcessRegistry() {
        try (SchemaRegistryClient client =
                     new AvroSerdeConfig(Map.of("schema.registry.url", "mock://cfg")).createRegistryClient()) {
            assertThat(client).isSameAs(MockSchemaRegistry.forScope("cfg"));
        }
        MockSchemaRegistry.dropScope("cfg");
    }

    @Test
    void badSettingsFailNamingTheSetting() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of()).createRegistryClient())
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is required");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "ftp://x")).createRegistryClient())
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "mock://a,http://b"))
                .createRegistryClient())
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be the only URL");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("http.connect.timeout.ms", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.connect.timeout.ms");
    }
}
