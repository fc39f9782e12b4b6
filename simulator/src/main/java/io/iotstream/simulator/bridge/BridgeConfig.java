package io.iotstream.simulator.bridge;

import io.iotstream.schemas.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code bridge} needs, validated when built; errors name the flag.
 *
 * @param device the device id every reading is published for (the original stream has none)
 * @param topic where readings go
 * @param kafka producer and serde settings
 * @param connectHost host of the TCP server to read from, or null
 * @param connectPort its port
 * @param connectTimeout how long to try to connect
 * @param input a file to read instead, or null (neither: stdin)
 * @param deadLetterTopic where malformed lines go, or null for stderr
 * @param endMarker whether to publish the end-of-stream marker (sensor -1) when the stream ends with one
 * @param maxSensor sensor numbers above this are malformed; 0 for no limit
 * @param maxLineBytes longer lines are malformed
 * @param progressInterval how often to report progress; zero for never
 */
public record BridgeConfig(String device, String topic, Map<String, Object> kafka, String connectHost,
        int connectPort, Duration connectTimeout, Path input, String deadLetterTopic, boolean endMarker,
        int maxSensor, int maxLineBytes, Duration progressInterval) {

    /** Readings go here unless {@code --topic} says otherwise. */
    public static final String DEFAULT_TOPIC = Topics.SENSOR_READINGS;
    /** Lines longer than this are malformed: the original's lines are under 60 bytes. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    /**
     * @throws IllegalArgumentException naming the flag, if a setting or a combination cannot work
     */
    public BridgeConfig {
        kafka = Map.copyOf(Objects.requireNonNull(kafka, "kafka"));
        require(device != null && !device.isBlank(), "--device is missing: name the device the stream comes from "
                + "(the original's lines have no device id), e.g. --device pump-7");
        require(topic != null && !topic.isBlank(), "--topic is blank: name a Kafka topic");
        require(connectHost == null || !connectHost.isBlank(), "--connect has no host: use host:port");
        require(connectHost == null || (connectPort > 0 && connectPort <= 65535),
                "--connect port is " + connectPort + ": use 1..65535");
        require(connectHost == null || input == null, "give --connect or --input, not both (neither: stdin)");
        require(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
                "--connect-timeout must be positive");
        require(deadLetterTopic == null || !deadLetterTopic.isBlank(), "--dead-letter-topic is blank");
        require(maxSensor >= 0, "--sensors is " + maxSensor + ": use at least 1");
        require(maxLineBytes >= 64, "the line length limit is " + maxLineBytes + " bytes: use at least 64");
        require(progressInterval != null && !progressInterval.isNegative(), "--progress-interval is negative");
        Object servers = kafka.get("bootstrap.servers");
        require(servers != null && !servers.toString().isBlank(), "--bootstrap-servers is missing: give the Kafka "
                + "brokers, e.g. --bootstrap-servers 127.0.0.1:9092 (or IOTSTREAM_BOOTSTRAP_SERVERS)");
        Object registry = kafka.get("schema.registry.url");
        require(registry != null && !registry.toString().isBlank(), "--schema-registry-url is missing: give the "
                + "Confluent-compatible registry, e.g. http://127.0.0.1:8080/apis/ccompat/v7 (or "
                + "IOTSTREAM_SCHEMA_REGISTRY_URL)");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
