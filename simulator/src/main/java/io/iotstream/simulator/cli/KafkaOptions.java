package io.iotstream.simulator.cli;

import io.iotstream.schemas.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The Kafka flags of every command that produces to Kafka. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port,...>",
            description = "Kafka brokers (env IOTSTREAM_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "<url>",
            description = "Confluent-compatible schema registry, e.g. http://127.0.0.1:8080/apis/ccompat/v7 "
                    + "(env IOTSTREAM_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*, producer settings; "
                    + "env IOTSTREAM_KAFKA_CONFIG). A variable IOTSTREAM_KAFKA_PROPERTY_<KEY> sets one setting over "
                    + "the file, e.g. IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG for sasl.jaas.config.")
    Path kafkaConfig;

    @Option(names = {"-X", "--kafka-property"}, paramLabel = "<key=value>",
            description = "A Kafka producer or serde setting, e.g. -X linger.ms=20; repeatable; beats the file.")
    List<String> overrides = new ArrayList<>();

    /**
     * The settings: {@code defaults}, then the file, then {@code IOTSTREAM_KAFKA_PROPERTY_*} variables of
     * {@code env}, then {@code -X}, then the dedicated flags (schemas' {@link KafkaClientProperties}).
     *
     * @throws IllegalArgumentException naming the file or the setting that cannot be used
     */
    Map<String, Object> settings(Map<String, Object> defaults, Map<String, String> env) {
        Map<String, Object> settings = KafkaClientProperties.merge(defaults, kafkaConfig, env, overrides);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            settings.put("bootstrap.servers", bootstrapServers.trim());
        }
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            settings.put("schema.registry.url", schemaRegistryUrl.trim());
        }
        return settings;
    }
}
