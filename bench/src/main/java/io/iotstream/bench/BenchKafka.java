package io.iotstream.bench;

import io.iotstream.schemas.kafka.KafkaClientProperties;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How every Kafka client of a run is configured, later wins: the client's own defaults (tuning), then the user's
 * settings ({@link BenchSettings#kafka()}: security, tuning), then what the measurement fixes (ids, isolation level,
 * serdes), then the run's broker. The one place that order is written down, so that no client of the run misses
 * the security settings.
 */
final class BenchKafka {

    private final String servers;
    private final Map<String, String> user;

    BenchKafka(String servers, Map<String, String> user) {
        this.servers = servers;
        this.user = Map.copyOf(user);
    }

    /** A client's configuration: {@code defaults}, the user's settings, {@code fixed}, the broker. */
    Map<String, Object> config(Map<String, ?> defaults, Map<String, ?> fixed) {
        Map<String, Object> config = new HashMap<>(defaults);
        config.putAll(user);
        config.putAll(fixed);
        config.put(BenchSettings.BOOTSTRAP_SERVERS, servers);
        return config;
    }

    /** An admin client's configuration. */
    Map<String, Object> admin() {
        return config(Map.of(), Map.of());
    }

    boolean hasUserSettings() {
        return !user.isEmpty();
    }

    /** The user's settings as they may be shown (passwords, JAAS configurations, tokens hidden). */
    Map<String, String> describe() {
        Map<String, String> shown = new TreeMap<>();
        user.forEach((key, value) -> shown.put(key, KafkaClientProperties.redact(key, value)));
        return shown;
    }

    /**
     * Writes the user's settings as a client properties file readable by its owner only, for the clients that take
     * a file (the scorer's {@code kafka.config}, the Spark peer's {@code --kafka-config}): secrets go to child
     * processes by path, never on a command line. The caller deletes it when the run ends.
     */
    Path writeFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Properties properties = new Properties();
        properties.putAll(user);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "Kafka client settings of one ./iotstream bench run; deleted at its end");
        }
        return file;
    }
}
