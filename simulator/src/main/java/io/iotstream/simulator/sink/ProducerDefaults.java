package io.iotstream.simulator.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The simulator's producer settings before the client properties file and {@code -X} overrides: tuned for
 * throughput of many small records without giving up delivery guarantees. Measured in docs/BENCHMARKS.md.
 */
public final class ProducerDefaults {

    private ProducerDefaults() {
    }

    /** The defaults; the caller adds {@code bootstrap.servers} and the registry URL. */
    public static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        // Durability stays as Kafka's defaults have it: every in-sync replica acknowledges, no duplicates on retry.
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Readings are ~40 bytes: large batches, filled for a few milliseconds, carry them with few requests.
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
        // Device ids and values repeat a lot: lz4 shrinks a batch of readings several times for little CPU.
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A command should fail fast and clearly on a wrong --bootstrap-servers, not after Kafka's 60 s default.
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "iotstream-simulator");
        return settings;
    }
}
