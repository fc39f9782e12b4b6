package io.iotstream.cli.flags;

import io.iotstream.schemas.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The Kafka flags of every command that talks to Kafka, declared once: the brokers, a client properties file for
 * security settings (SASL, TLS) and single settings. Each flag also reads its {@code IOTSTREAM_*} variable (cli-kit's
 * layers); {@code IOTSTREAM_KAFKA_PROPERTY_<KEY>} sets one client setting over the file. Secrets never come from
 * {@code -X} (refused before anything connects): they go in the file or in the environment.
 */
public final class KafkaFlags {

    /** The flags' names, e.g. to tell whether any was typed ({@code ParseResult.hasMatchedOption}). */
    public static final List<String> NAMES = List.of("--bootstrap-servers", "--kafka-config", "-X");

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port,...>",
            description = "Kafka brokers (env: IOTSTREAM_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = {"--kafka-config", "--kafka-config-file"}, paramLabel = "<file>",
            description = "Kafka client properties file: security.protocol, sasl.*, ssl.*, client settings (env: "
                    + "IOTSTREAM_KAFKA_CONFIG). A variable IOTSTREAM_KAFKA_PROPERTY_<KEY> sets one setting over the "
                    + "file, e.g. IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG for sasl.jaas.config.")
    Path kafkaConfig;

    @Option(names = {"-X", "--kafka-property"}, paramLabel = "<key=value>",
            description = "A Kafka client setting, e.g. -X linger.ms=20; repeatable; beats the file. Not for "
                    + "secrets (refused): use the file or IOTSTREAM_KAFKA_PROPERTY_<KEY>.")
    List<String> overrides = new ArrayList<>();

    /** The brokers given by the flag or its variable, if any. */
    public Optional<String> bootstrapServers() {
        return bootstrapServers == null || bootstrapServers.isBlank() ? Optional.empty()
                : Optional.of(bootstrapServers.strip());
    }

    /** The client properties file, if any. */
    public Optional<Path> kafkaConfig() {
        return Optional.ofNullable(kafkaConfig);
    }

    /** The {@code -X} settings as given. */
    public List<String> overrides() {
        return List.copyOf(overrides);
    }

    /** Whether any Kafka flag (or its variable) was given. */
    public boolean given() {
        return bootstrapServers().isPresent() || kafkaConfig != null || !overrides.isEmpty();
    }

    /**
     * The client settings: {@code defaults}, then the file, then {@code IOTSTREAM_KAFKA_PROPERTY_*} of {@code env},
     * then {@code -X}, then {@code --bootstrap-servers} (schemas' {@link KafkaClientProperties}).
     *
     * @throws IllegalArgumentException naming the file or the setting that cannot be used
     */
    public Map<String, Object> clientSettings(Map<String, ?> defaults, Map<String, String> env) {
        Map<String, Object> settings = KafkaClientProperties.merge(defaults, kafkaConfig, env, overrides);
        bootstrapServers().ifPresent(servers -> settings.put("bootstrap.servers", servers));
        return settings;
    }
}
