package io.iotstream.cli.topics;

import java.util.Objects;

/**
 * One way a topic or subject differs from what the catalogue wants.
 *
 * @param subject the topic's name (or the registry subject's)
 * @param role the catalogue role, e.g. {@code alerts}
 * @param severity whether it stops the deployment from working as documented
 * @param what what differs, for a person, e.g. {@code not compacted (cleanup.policy=delete, wants compact)}
 */
public record TopicDifference(String subject, String role, Severity severity, String what) {

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
