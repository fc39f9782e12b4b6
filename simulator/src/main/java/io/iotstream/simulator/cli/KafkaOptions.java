package io.iotstream.simulator.cli;

import io.iotstream.cli.flags.KafkaFlags;
import io.iotstream.cli.flags.RegistryFlags;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** The Kafka and registry flags of every command that produces to Kafka: cli-kit's groups, declared once there. */
final class KafkaOptions {

    @Mixin
    KafkaFlags kafka;

    @Mixin
    RegistryFlags registry;

    /**
     * The settings: {@code defaults}, then the file, then {@code IOTSTREAM_KAFKA_PROPERTY_*} variables of
     * {@code env}, then {@code -X}, then the dedicated flags.
     *
     * @throws IllegalArgumentException naming the file or the setting that cannot be used
     */
    Map<String, Object> settings(Map<String, Object> defaults, Map<String, String> env) {
        Map<String, Object> settings = kafka.clientSettings(defaults, env);
        registry.schemaRegistryUrl().ifPresent(url -> settings.put("schema.registry.url", url));
        return settings;
    }
}
