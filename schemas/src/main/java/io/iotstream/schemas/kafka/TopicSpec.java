package io.iotstream.schemas.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One topic of the catalogue: what it holds and how a production cluster should have it.
 *
 * @param role what the topic is for, the catalogue's key ({@code readings}, {@code alerts}, ...)
 * @param defaultName the name every command uses unless told otherwise ({@link Topics})
 * @param setting the setting that names the topic, the same in every command that reads, writes or creates it
 *     ({@code input.topic}: flag {@code --input-topic}, variable {@code IOTSTREAM_INPUT_TOPIC})
 * @param key what the record key is
 * @param value what the record value is
 * @param avroValue the value's Avro class, registered under {@link #valueSubject()}; null for non-Avro values
 * @param partitions how many partitions: {@link #SAME_AS_READINGS} for the topics keyed and partitioned like the
 *     readings (the scorer's co-partitioning), else a fixed count
 * @param configs the topic settings besides the replication, e.g. {@code cleanup.policy}, {@code retention.ms}
 * @param required whether every deployment needs it (the frames topic is only for scorers that read frames)
 * @param description one line for tables and {@code --help}
 */
public record TopicSpec(String role, String defaultName, String setting, String key, String value, Class<?> avroValue,
        int partitions, Map<String, String> configs, boolean required, String description) {

    /** {@link #partitions()} for the topics that must have as many partitions as the readings topic. */
    public static final int SAME_AS_READINGS = 0;

    public TopicSpec {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(defaultName, "defaultName");
        Objects.requireNonNull(setting, "setting");
        configs = Map.copyOf(configs);
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be SAME_AS_READINGS or positive: " + partitions);
        }
    }

    /** The registry subject of the value schema under the topic-name strategy, if the value is Avro. */
    public Optional<String> valueSubject() {
        return avroValue == null ? Optional.empty() : Optional.of(valueSubject(defaultName));
    }

    /** The value subject of this topic under another name (an instance with its own topics). */
    public static String valueSubject(String topicName) {
        return topicName + "-value";
    }

    /** The partition count for a deployment whose readings topic has {@code readingsPartitions}. */
    public int partitionCount(int readingsPartitions) {
        return partitions == SAME_AS_READINGS ? readingsPartitions : partitions;
    }

    /**
     * The topic settings for a cluster with {@code replicationFactor}: the catalogue's, plus {@code
     * min.insync.replicas} one below the replication (so one broker can be down without stopping producers that
     * use acks=all) but at least 1.
     */
    public Map<String, String> configs(short replicationFactor) {
        Map<String, String> all = new java.util.TreeMap<>(configs);
        all.put(TopicCatalogue.MIN_INSYNC_REPLICAS, String.valueOf(Math.max(1, replicationFactor - 1)));
        return all;
    }

    /** The Admin client's request to create this topic under {@code name}. */
    public NewTopic newTopic(String name, int readingsPartitions, short replicationFactor) {
        return new NewTopic(name, partitionCount(readingsPartitions), replicationFactor)
                .configs(configs(replicationFactor));
    }
}
