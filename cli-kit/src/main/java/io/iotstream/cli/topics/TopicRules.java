package io.iotstream.cli.topics;

import io.iotstream.cli.topics.TopicDifference.Kind;
import io.iotstream.cli.topics.TopicDifference.Severity;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the catalogue wants of each topic of a layout, compared with what the cluster has. Pure: the same answer for
 * {@code topics check}, {@code topics create} (about the topics it found) and the scorer's start-up check.
 */
public final class TopicRules {

    static final String CLEANUP_POLICY = "cleanup.policy";

    private TopicRules() {
    }

    /**
     * The differences of every topic of {@code layout}.
     *
     * @param cluster topic name → its state, for the topics that exist
     * @param partitions the readings' partition count asked for; the topics co-partitioned with the readings are
     *     held to the readings topic's actual count when it exists
     * @param replicationFactor the replication asked for; {@code min.insync.replicas} is derived from it
     */
    public static List<TopicDifference> compare(TopicLayout layout, Map<String, TopicState> cluster, int partitions,
            short replicationFactor) {
        List<TopicDifference> all = new ArrayList<>();
        TopicState readings = cluster.get(layout.name(TopicCatalogue.READINGS).orElse(""));
        int coPartitions = readings != null ? readings.partitions() : partitions;
        layout.names().forEach((spec, name) -> {
            TopicState state = cluster.get(name);
            if (state == null) {
                all.add(new TopicDifference(name, spec.role(), Kind.MISSING, Severity.PROBLEM, "missing"));
            } else {
                all.addAll(compare(spec, state, partitions, coPartitions, replicationFactor));
            }
        });
        return all;
    }

    static List<TopicDifference> compare(TopicSpec spec, TopicState state, int partitions, int coPartitions,
            short replicationFactor) {
        Findings found = new Findings(state.name(), spec.role());
        int n = state.partitions();
        if (spec == TopicCatalogue.READINGS) {
            if (n < partitions) {
                found.problem(Kind.PARTITIONS, "too few partitions: " + n + ", requested " + partitions);
            } else if (n > partitions) {
                found.note(Kind.PARTITIONS, n + " partitions, more than the " + partitions + " requested");
            }
        } else if (spec.partitions() == TopicSpec.SAME_AS_READINGS) {
            if (n != coPartitions) {
                found.problem(Kind.CO_PARTITIONING, n + " partitions, but the readings topic has " + coPartitions
                        + ": keyed by device like the readings, it needs as many");
            }
        } else if (n < spec.partitions()) {
            found.problem(Kind.PARTITIONS, "too few partitions: " + n + ", the catalogue wants " + spec.partitions());
        }
        if (state.replicationFactor() < replicationFactor) {
            found.problem(Kind.REPLICATION, "replication " + state.replicationFactor() + " below the requested "
                    + replicationFactor);
        }
        if (state.offline() > 0) {
            found.problem(Kind.OFFLINE, state.offline() + " of " + n + " partitions have no leader");
        }
        if (state.underReplicated() > 0) {
            found.note(Kind.REPLICATION, state.underReplicated() + " of " + n
                    + " partitions under-replicated (a broker down or behind)");
        }
        spec.configs(replicationFactor).forEach((key, wanted) -> {
            String actual = state.config(key);
            if (actual == null || actual.equals(wanted)) {
                return;
            }
            if (key.equals(CLEANUP_POLICY)) {
                Set<String> policies = Set.copyOf(Arrays.asList(actual.split("\\s*,\\s*")));
                if (wanted.equals("compact") && !policies.contains("compact")) {
                    found.problem(Kind.SETTING, "not compacted (" + key + "=" + actual + ", wants compact)");
                } else {
                    found.note(Kind.SETTING, key + "=" + actual + " (catalogue: " + wanted + ")");
                }
            } else if (key.equals(TopicCatalogue.MIN_INSYNC_REPLICAS)) {
                compareMinInsync(state, Integer.parseInt(actual), Integer.parseInt(wanted), found);
            } else {
                found.note(Kind.SETTING, key + "=" + actual + " (catalogue: " + wanted + ")");
            }
        });
        return found.all();
    }

    private static void compareMinInsync(TopicState state, int actual, int wanted, Findings found) {
        String key = TopicCatalogue.MIN_INSYNC_REPLICAS;
        if (actual > state.replicationFactor()) {
            found.problem(Kind.SETTING, key + "=" + actual + " above the replication " + state.replicationFactor()
                    + ": every acks=all write fails");
        } else if (actual < wanted) {
            found.problem(Kind.SETTING, key + "=" + actual + " below " + wanted + ": a write acknowledged by "
                    + actual + (actual == 1 ? " broker" : " brokers") + " is lost if "
                    + (actual == 1 ? "it fails" : "they fail"));
        } else if (actual == state.replicationFactor() && actual > 1) {
            found.note(Kind.SETTING, key + "=" + actual + " equals the replication: writes stop while any broker "
                    + "is down");
        } else {
            found.note(Kind.SETTING, key + "=" + actual + " (catalogue: " + wanted + ")");
        }
    }

    /** One topic's differences as they are found: the problems first, then the notes. */
    private static final class Findings {
        private final String topic;
        private final String role;
        private final List<TopicDifference> problems = new ArrayList<>();
        private final List<TopicDifference> notes = new ArrayList<>();

        Findings(String topic, String role) {
            this.topic = topic;
            this.role = role;
        }

        void problem(Kind kind, String what) {
            problems.add(new TopicDifference(topic, role, kind, Severity.PROBLEM, what));
        }

        void note(Kind kind, String what) {
            notes.add(new TopicDifference(topic, role, kind, Severity.NOTE, what));
        }

        List<TopicDifference> all() {
            List<TopicDifference> all = new ArrayList<>(problems);
            all.addAll(notes);
            return all;
        }
    }

    /** Whether any of {@code differences} stops the deployment from working as documented. */
    public static boolean anyProblem(List<TopicDifference> differences) {
        return differences.stream().anyMatch(TopicDifference::isProblem);
    }
}
