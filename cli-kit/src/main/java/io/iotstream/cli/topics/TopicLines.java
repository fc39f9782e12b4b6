package io.iotstream.cli.topics;

import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** How the topics commands print a topic, so that create, check and describe read alike. */
final class TopicLines {

    /** The settings worth showing for any topic, besides the catalogue's own for it. */
    private static final Set<String> SHOWN = Set.of(TopicRules.CLEANUP_POLICY, TopicCatalogue.MIN_INSYNC_REPLICAS,
            "retention.ms");

    private TopicLines() {
    }

    /** {@code 12 partitions, replication 3, min.insync.replicas=2}: what create asks for. */
    static String planned(TopicSpec spec, int readingsPartitions, short replication) {
        return count(spec.partitionCount(readingsPartitions)) + ", replication " + replication + settings(
                spec.configs(replication));
    }

    /** {@code 12 partitions, replication 3}, plus what is unhealthy. */
    static String summary(TopicState state) {
        StringBuilder s = new StringBuilder(count(state.partitions())).append(", replication ")
                .append(state.replicationFactor());
        if (state.offline() > 0) {
            s.append(", ").append(state.offline()).append(" offline");
        }
        if (state.underReplicated() > 0) {
            s.append(", ").append(state.underReplicated()).append(" under-replicated");
        }
        return s.toString();
    }

    /** The summary with leaders per broker and the settings that matter for this topic. */
    static String detail(TopicSpec spec, TopicState state) {
        Set<String> keys = new TreeSet<>(SHOWN);
        keys.addAll(spec.configs().keySet());
        keys.retainAll(state.configs().keySet());
        Map<String, String> shown = new java.util.TreeMap<>();
        keys.forEach(k -> shown.put(k, state.config(k)));
        return summary(state) + ", leaders by broker " + state.leaders().entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ", "{", "}"))
                + settings(shown);
    }

    static void printDifferences(PrintWriter out, List<TopicDifference> differences) {
        for (TopicDifference d : differences) {
            out.println("  " + (d.isProblem() ? "problem: " : "note: ") + d.what());
        }
    }

    private static String count(int partitions) {
        return partitions + (partitions == 1 ? " partition" : " partitions");
    }

    private static String settings(Map<String, String> configs) {
        return configs.isEmpty() ? "" : ", " + configs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
