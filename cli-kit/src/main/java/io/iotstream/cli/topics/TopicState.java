package io.iotstream.cli.topics;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A topic as the cluster has it.
 *
 * @param name the topic
 * @param partitions how many partitions
 * @param replicationFactor the fewest replicas any partition has
 * @param underReplicated partitions whose in-sync replicas are fewer than their replicas (a broker down or behind)
 * @param offline partitions without a leader (nobody can read or write them)
 * @param leaders broker id → how many partitions it leads
 * @param configs the topic's settings as the brokers apply them (explicit and defaults)
 */
public record TopicState(String name, int partitions, int replicationFactor, int underReplicated, int offline,
        SortedMap<Integer, Integer> leaders, Map<String, String> configs) {

    public TopicState {
        Objects.requireNonNull(name, "name");
        leaders = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(leaders));
        configs = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }

    /** A setting's value, or null if the brokers did not report it. */
    public String config(String key) {
        return configs.get(key);
    }
}
