package io.iotstream.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A trained logistic regression and everything needed to trust it: the portable artifact shared by the trainer
 * (which builds it), the model store (which keeps it as JSON, {@code io.iotstream.model.json.ModelJson}) and the
 * scorer (which evaluates it, {@code io.iotstream.model.score.LogisticScorer}).
 *
 * <p>The model scores a vector {@code x} laid out as {@link #features()} as
 * {@code p = 1 / (1 + exp(-(intercept + Σ weights[i]·x[i])))} and raises attention when {@code p > threshold}.
 *
 * <p>Invariants, checked by the constructor (which throws {@link IllegalArgumentException} with a message naming the
 * field and the fix):
 * <ul>
 *   <li>{@code formatVersion == }{@value #FORMAT_VERSION} and {@code algorithm == "}{@value #LOGISTIC_REGRESSION}"</li>
 *   <li>{@code name} and {@code version} match {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}, so that {@link #id()} is
 *       safe in file names and object keys</li>
 *   <li>one finite weight per feature; finite intercept; {@code 0 < threshold < 1}</li>
 *   <li>metrics have non-blank names and finite values (leave an undefined metric out)</li>
 *   <li>{@code checksum} is {@code "sha256:" + hex} of {@link #canonicalContent()}: an instance can only exist if
 *       its checksum matches its content. Use {@link #builder(String, String)} to have it computed.</li>
 * </ul>
 *
 * <p>Immutable: {@link #weights()} returns a copy, metrics are an unmodifiable map sorted by name.
 * {@code equals} compares weights by value (bit for bit, as {@link Double#compare} does).
 */
public record ModelArtifact(int formatVersion, String name, String version, String algorithm, FeatureSpec features,
                            double[] weights, double intercept, double threshold, Map<String, Double> metrics,
                            Provenance provenance, String checksum) {

    /** The artifact format this library reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /** The only algorithm of format version 1. */
    public static final String LOGISTIC_REGRESSION = "logistic_regression";

    /** Default decision threshold of {@link Builder}, the one Spark's LogisticRegression uses. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern CHECKSUM = Pattern.compile("sha256:[0-9a-f]{64}");

    // A record cannot have a constructor that bypasses the canonical one, yet the checksum can only be computed from
    // the validated, normalized components. The builder passes this instance (compared by identity, so no caller
    // can forge it) to ask the canonical constructor to fill the checksum in instead of verifying it.
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String COMPUTE_CHECKSUM = new String("compute");

    /** Validates, copies and verifies the checksum; see the class javadoc for the invariants. */
    public ModelArtifact {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion is " + formatVersion + " but this library supports only "
                    + FORMAT_VERSION + ": use an iotstream-model-format release that reads format " + formatVersion
                    + ", or re-export the model as format " + FORMAT_VERSION);
        }
        requireName("name", name);
        requireName("version", version);
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm is missing: set it to \"" + LOGISTIC_REGRESSION + "\"");
        }
        if (!LOGISTIC_REGRESSION.equals(algorithm)) {
            throw new IllegalArgumentException("algorithm is \"" + algorithm + "\" but format " + FORMAT_VERSION
                    + " only knows \"" + LOGISTIC_REGRESSION + "\": train a logistic regression");
        }
        if (features == null) {
            throw new IllegalArgumentException("features is missing: give the feature layout the model was trained on");
        }
        if (weights == null) {
            throw new IllegalArgumentException("weights is missing: give one weight per feature");
        }
        if (weights.length != features.count()) {
            throw new IllegalArgumentException("weights has " + weights.length + " values but features has "
                    + features.count() + " names: give exactly one weight per feature, in feature order");
        }
        weights = weights.clone();
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] (" + features.names().get(i) + ") is "
                        + weights[i] + ": every weight must be finite; retrain with regularization or check the data");
            }
        }
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept is " + intercept
                    + ": it must be finite; retrain with regularization or check the data");
        }
        if (!(threshold > 0.0 && threshold < 1.0)) {
            throw new IllegalArgumentException("threshold is " + threshold
                    + ": it must be a probability strictly between 0 and 1 (e.g. " + DEFAULT_THRESHOLD + ")");
        }
        metrics = copyMetrics(metrics);
        if (provenance == null) {
            throw new IllegalArgumentException("provenance is missing: record who trained the model on which data");
        }
        String expected = CanonicalJson.sha256(CanonicalJson.content(formatVersion, name, version, algorithm,
                features, weights, intercept, threshold, metrics, provenance));
        if (checksum == COMPUTE_CHECKSUM) {
            checksum = expected;
        } else if (checksum == null) {
            throw new IllegalArgumentException("checksum is missing: write artifacts with ModelJson.write, which adds "
                    + "it, or build them with ModelArtifact.builder");
        } else if (!CHECKSUM.matcher(checksum).matches()) {
            throw new IllegalArgumentException("checksum \"" + checksum + "\" is malformed: it must be \"sha256:\" "
                    + "followed by 64 lowercase hex digits");
        } else if (!checksum.equals(expected)) {
            throw new IllegalArgumentException("checksum mismatch: the artifact says " + checksum
                    + " but its content hashes to " + expected + ": the artifact was changed or damaged after it was "
                    + "written; fetch or re-export the original instead of editing it");
        }
    }

    /** Starts an artifact with threshold {@value #DEFAULT_THRESHOLD}, intercept 0 and no metrics. */
    public static Builder builder(String name, String version) {
        return new Builder(name, version);
    }

    /** A builder holding this artifact's content, to derive a changed artifact with a fresh checksum. */
    public Builder toBuilder() {
        Builder b = new Builder(name, version);
        b.features = features;
        b.weights = weights;
        b.intercept = intercept;
        b.threshold = threshold;
        b.metrics.putAll(metrics);
        b.provenance = provenance;
        return b;
    }

    /** This artifact with another decision threshold (and so another checksum). */
    public ModelArtifact withThreshold(double newThreshold) {
        return toBuilder().threshold(newThreshold).build();
    }

    /** {@code name:version}, the key under which stores and logs refer to this model. */
    public String id() {
        return name + ":" + version;
    }

    /** A copy of the weights, in feature order. Use {@link #weight(int)} to read one without copying. */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The weight of feature {@code index}. */
    public double weight(int index) {
        return weights[index];
    }

    /**
     * The exact bytes the checksum covers: compact UTF-8 JSON of every field except {@code checksum}, keys in a fixed
     * order, doubles in shortest round-trip form. Specified in {@code docs/model-format.md}.
     */
    public byte[] canonicalContent() {
        return CanonicalJson.content(formatVersion, name, version, algorithm, features, weights, intercept, threshold,
                metrics, provenance);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelArtifact other)) {
            return false;
        }
        return formatVersion == other.formatVersion
                && name.equals(other.name)
                && version.equals(other.version)
                && algorithm.equals(other.algorithm)
                && features.equals(other.features)
                && Arrays.equals(weights, other.weights)
                && Double.compare(intercept, other.intercept) == 0
                && Double.compare(threshold, other.threshold) == 0
                && metrics.equals(other.metrics)
                && provenance.equals(other.provenance)
                && checksum.equals(other.checksum);
    }

    @Override
    public int hashCode() {
        // The checksum already digests every other field.
        return checksum.hashCode();
    }

    /** Short on purpose: a 10,000-weight artifact in a log line helps nobody. */
    @Override
    public String toString() {
        return "ModelArtifact[id=" + id() + ", features=" + features.count() + ", threshold=" + threshold
                + ", checksum=" + checksum + "]";
    }

    private static void requireName(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing: give the model a " + field);
        }
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is not allowed: use 1 to 128 characters "
                    + "from A-Z a-z 0-9 . _ - starting with a letter or digit (it becomes part of file names and keys)");
        }
    }

    private static Map<String, Double> copyMetrics(Map<String, Double> metrics) {
        if (metrics == null) {
            throw new IllegalArgumentException(
                    "metrics is missing: give the holdout metrics, or an empty map if none were computed");
        }
        SortedMap<String, Double> sorted = new TreeMap<>();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("metrics has a blank name: name every metric (see Metrics)");
            }
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("metrics." + k + " is " + v
                        + ": metric values must be finite; leave out a metric that is undefined on the holdout set");
            }
            sorted.put(k, v);
        }
        return Collections.unmodifiableSortedMap(sorted);
    }

    /**
     * Collects an artifact's content; {@link #build()} validates it and computes the checksum. Not thread-safe;
     * {@code build()} may be called more than once.
     */
    public static final class Builder {
        private final String name;
        private final String version;
        private FeatureSpec features;
        private double[] weights;
        private double intercept;
        private double threshold = DEFAULT_THRESHOLD;
        private final SortedMap<String, Double> metrics = new TreeMap<>();
        private Provenance provenance;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        public Builder features(FeatureSpec features) {
            this.features = features;
            return this;
        }

        /** Copied at {@link #build()}, so later changes to the array do not leak into the artifact. */
        public Builder weights(double... weights) {
            this.weights = weights;
            return this;
        }

        public Builder intercept(double intercept) {
            this.intercept = intercept;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Adds or replaces one holdout metric; see {@link Metrics} for the usual names. */
        public Builder metric(String name, double value) {
            Objects.requireNonNull(name, "metric name");
            metrics.put(name, value);
            return this;
        }

        /** Adds or replaces all of {@code metrics}. */
        public Builder metrics(Map<String, Double> metrics) {
            metrics.forEach((k, v) -> this.metrics.put(Objects.requireNonNull(k, "metric name"), v));
            return this;
        }

        public Builder provenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /**
         * The artifact, with its checksum computed.
         *
         * @throws IllegalArgumentException naming the first invalid or missing field and the fix
         */
        public ModelArtifact build() {
            return new ModelArtifact(FORMAT_VERSION, name, version, LOGISTIC_REGRESSION, features, weights, intercept,
                    threshold, metrics, provenance, COMPUTE_CHECKSUM);
        }
    }
}
