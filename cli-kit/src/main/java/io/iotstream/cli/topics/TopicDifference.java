package io.iotstream.cli.topics;

import java.util.Objects;

/**
 * One way a topic or subject differs from what the catalogue wants.
 *
 * @param subject the topic's name (or the registry subject's)
 * @param role the catalogue role, e.g. {@code alerts}
 * @param kind what differs, for code that acts on it (a command that cannot start without the topic)
 * @param severity whether it stops the deployment from working as documented
 * @param what what differs, for a person, e.g. {@code not compacted (cleanup.policy=delete, wants compact)}
 */
public record TopicDifference(String subject, String role, Kind kind, Severity severity, String what) {

    /** What differs. */
    public enum Kind {
        /** The topic does not exist. */
        MISSING,
        /** Fewer partitions than requested or than the catalogue wants. */
        PARTITIONS,
        /** Keyed like the readings, but not as many partitions: a device's records meet different tasks. */
        CO_PARTITIONING,
        /** Replication below the requested, or replicas out of sync. */
        REPLICATION,
        /** Partitions without a leader: nobody can read or write them. */
        OFFLINE,
        /** A topic setting ({@code cleanup.policy}, {@code min.insync.replicas}, retention...). */
        SETTING,
        /** The registry subject: its compatibility, or the schema it holds. */
        SUBJECT
    }

    /** How much a difference matters. */
    public enum Severity {
        /** Something will fail or lose data: {@code topics check} exits non-zero, the scorer does not start. */
        PROBLEM,
        /** Worth knowing, works as it is (a retention other than the catalogue's, a broker briefly behind). */
        NOTE
    }

    public TopicDifference {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(what, "what");
    }

    /** Whether this stops the deployment from working as documented. */
    public boolean isProblem() {
        return severity == Severity.PROBLEM;
    }

    /** {@code iot.models.v1 (model-events): not compacted ...}. */
    @Override
    public String toString() {
        return subject + " (" + role + "): " + what;
    }
}
