package io.iotstream.schemas.registry;

/**
 * Schema Registry compatibility levels, as Confluent names them. A new schema is checked against the
 * latest version of the subject, or against all versions for the {@code _TRANSITIVE} levels.
 *
 * <ul>
 *   <li>{@code BACKWARD}: consumers using the new schema can read data written with the old one.
 *   <li>{@code FORWARD}: consumers using the old schema can read data written with the new one.
 *   <li>{@code FULL}: both.
 *   <li>{@code NONE}: no check.
 * </ul>
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    final boolean newReadsOld;
    final boolean oldReadsNew;
    final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }
}
