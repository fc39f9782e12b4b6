package io.iotstream.training.cli;

import io.iotstream.schemas.kafka.KafkaClientProperties;
import io.iotstream.schemas.model.ModelEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code retrain --announce}: where to send the model event after a promotion. Kafka client settings as every
 * IoTStream command takes them (KafkaClientProperties): a properties file for security settings, then
 * {@code IOTSTREAM_KAFKA_PROPERTY_*} variables, then {@code -X key=value}.
 */
final class AnnounceOptions {

    @Option(names = "--announce",
            description = "After promoting, send a model event (JSON, key = model name) to --models-topic, so "
                    + "running scorers swap at once instead of at their next poll.")
    boolean announce;

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port,...>",
            description = "With --announce: Kafka brokers (env: IOTSTREAM_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--models-topic", paramLabel = "<topic>", defaultValue = ModelEvent.DEFAULT_TOPIC,
            description = "With --announce: the compacted model-events topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "With --announce: Kafka client properties file (security.protocol, sasl.*, ssl.*).")
    Path kafkaConfig;

    @Option(names = {"-X", "--kafka-property"}, paramLabel = "<key=value>",
            description = "With --announce: a Kafka client setting, beats the file; repeatable.")
    List<String> kafkaProperties = new ArrayList<>();

    /**
     * The client settings, checked before training: a missing broker list or unreadable file is a usage error now,
     * not after an hour of training.
     *
     * @throws IllegalArgumentException naming the flag and the fix
     */
    Map<String, Object> clientSettings(Map<String, String> env) {
        if (!announce) {
            if (bootstrapServers != null || kafkaConfig != null || !kafkaProperties.isEmpty()) {
                throw new IllegalArgumentException("--bootstrap-servers, --kafka-config and -X go with --announce");
            }
            return null;
        }
        String servers = bootstrapServers != null ? bootstrapServers : env.get("IOTSTREAM_BOOTSTRAP_SERVERS");
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("--announce needs the Kafka brokers: give --bootstrap-servers "
                    + "(or IOTSTREAM_BOOTSTRAP_SERVERS)");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--models-topic is empty: give the model-events topic");
        }
        return KafkaClientProperties.merge(Map.of("bootstrap.servers", servers.trim()), kafkaConfig, env,
                kafkaProperties);
    }
}
