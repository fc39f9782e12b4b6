package io.iotstream.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a model came from, so that every alert can be traced back to a reproducible training run.
 *
 * <p>All fields are required except {@code seed} and {@code gitSha}, which are {@code null} when the trainer had no
 * seed or ran outside a git checkout. {@code parameters} may be empty; it is copied into an immutable map sorted by
 * key, so two provenances with the same entries are equal and serialize identically.
 *
 * @param trainer         what trained the model, e.g. {@code iottrain-spark}
 * @param trainerVersion  version of that trainer
 * @param parameters      training hyper-parameters as strings (e.g. {@code regParam=0.01}); may be empty
 * @param dataUri         where the training data was read from, e.g. {@code s3://bucket/train/}
 * @param dataFingerprint a digest of the training data, e.g. {@code sha256:...}, or any stable identifier of it
 * @param rows            number of training rows, at least 0 (0 when unknown, e.g. for an imported PMML model)
 * @param createdAt       when the model was trained
 * @param seed            the random seed of the training run, or {@code null}
 * @param gitSha          git commit of the trainer code, or {@code null}
 */
public record Provenance(String trainer, String trainerVersion, Map<String, String> parameters, String dataUri,
                         String dataFingerprint, long rows, Instant createdAt, Long seed, String gitSha) {

    /** Validates and copies; throws {@link IllegalArgumentException} naming the field and the fix. */
    public Provenance {
        requireText("provenance.trainer", trainer, "name the program that trained the model");
        requireText("provenance.trainerVersion", trainerVersion, "give the trainer's version");
        if (parameters == null) {
            throw new IllegalArgumentException(
                    "provenance.parameters is missing: give the training parameters, or an empty map if there were none");
        }
        SortedMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new IllegalArgumentException("provenance.parameters has a blank name: name every parameter");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("provenance.parameters." + e.getKey()
                        + " is null: write the value as a string, or leave the parameter out");
            }
            sorted.put(e.getKey(), e.getValue());
        }
        parameters = Collections.unmodifiableSortedMap(sorted);
        requireText("provenance.dataUri", dataUri, "give the URI the training data was read from");
        requireText("provenance.dataFingerprint", dataFingerprint,
                "give a digest of the training data (e.g. sha256:<hex>)");
        if (rows < 0) {
            throw new IllegalArgumentException("provenance.rows is " + rows + ": give the number of training rows (>= 0)");
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("provenance.createdAt is missing: give the time the model was trained");
        }
        if (gitSha != null && gitSha.isBlank()) {
            throw new IllegalArgumentException("provenance.gitSha is blank: give the commit, or null if unknown");
        }
    }

    private static void requireText(String field, String value, String fix) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing: " + fix);
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " is blank: " + fix);
        }
    }
}
