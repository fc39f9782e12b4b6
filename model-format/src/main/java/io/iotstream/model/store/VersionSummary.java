package io.iotstream.model.store;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One stored version as {@link ModelStore#list(String)} shows it. A version whose {@code model.json} fails
 * verification is still listed, with {@link #problem()} saying why, so that it can be found and removed; its
 * other fields are then {@code null} or empty.
 *
 * @param name the model name
 * @param version the version
 * @param live whether the live pointer names this version
 * @param algorithm the artifact's algorithm, or null if invalid
 * @param checksum the artifact's checksum, or null if invalid
 * @param createdAt when the model was trained (provenance), or null if invalid or unknown
 * @param metrics the artifact's metrics, sorted by name (empty if invalid)
 * @param problem why the version failed verification, or null if it is valid
 */
public record VersionSummary(String name, String version, boolean live, String algorithm, String checksum,
        Instant createdAt, Map<String, Double> metrics, String problem) {

    public VersionSummary {
        metrics = metrics == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
    }

    /** Whether the stored version passed verification. */
    public boolean valid() {
        return problem == null;
    }

    /** Why the version failed verification, if it did. */
    public Optional<String> problemIfAny() {
        return Optional.ofNullable(problem);
    }
}
