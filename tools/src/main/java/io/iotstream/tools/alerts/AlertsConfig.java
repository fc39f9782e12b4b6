package io.iotstream.tools.alerts;

import io.iotstream.schemas.kafka.Topics;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code alerts} follows and how it prints.
 *
 * @param bootstrapServers Kafka ({@code --bootstrap-servers}, {@code IOTSTREAM_BOOTSTRAP_SERVERS}, else the local
 *     stack's)
 * @param schemaRegistryUrl the registry the alerts' schemas are in (Confluent-compatible API)
 * @param topic the topic followed: the alerts topic, or the dead-letter topic with {@code --errors}
 * @param deadLetters whether {@code topic} holds dead letters (raw bytes and {@code iotstream.dlq.*} headers)
 * @param devices only these devices (record keys); empty: all
 * @param fromBeginning start at the beginning of the topic instead of its end
 * @param json one JSON object per line instead of text
 * @param maxRecords stop after printing this many records; 0: follow until stopped
 * @param clientSettings the Kafka client settings besides the brokers (security, from --kafka-config,
 *     IOTSTREAM_KAFKA_PROPERTY_* and -X), for the consumer and the registry client
 */
public record AlertsConfig(String bootstrapServers, String schemaRegistryUrl, String topic, boolean deadLetters,
        Set<String> devices, boolean fromBeginning, boolean json, long maxRecords,
        Map<String, Object> clientSettings) {

    public static final String DEFAULT_ALERTS_TOPIC = Topics.ALERTS;
    public static final String DEFAULT_ERRORS_TOPIC = Topics.SCORING_DEAD_LETTERS;

    public AlertsConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers is not set and no local stack is up: pass "
                    + "--bootstrap-servers (or IOTSTREAM_BOOTSTRAP_SERVERS) or run ./iotstream stack up");
        }
        if (!deadLetters && (schemaRegistryUrl == null || schemaRegistryUrl.isBlank())) {
            throw new IllegalArgumentException("--schema-registry-url is not set and no local stack is up: pass "
                    + "--schema-registry-url (or IOTSTREAM_SCHEMA_REGISTRY_URL) or run ./iotstream stack up");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--topic must not be empty");
        }
        if (maxRecords < 0) {
            throw new IllegalArgumentException("--max-records must be 0 (follow) or more, not " + maxRecords);
        }
        devices = Set.copyOf(Objects.requireNonNull(devices, "devices"));
        clientSettings = Map.copyOf(clientSettings);
    }

    /** Whether a record with this key is shown. */
    boolean shows(String key) {
        return devices.isEmpty() || devices.contains(key);
    }
}
