package io.iotstream.model.score;

import io.iotstream.model.ModelArtifact;

/**
 * Evaluates a {@link ModelArtifact} on feature vectors: {@code p = σ(margin)}, with
 * {@code margin = intercept + Σ weights[i]·x[i]} and {@code σ(z) = 1 / (1 + e^-z)}; attention when
 * {@code p > threshold} (strictly greater, as Spark's LogisticRegression predicts).
 *
 * <p>Vectors are {@code double[]} in {@link ModelArtifact#features()} order and of exactly
 * {@link #featureCount()} length; values should be finite (a NaN propagates to the result). No method allocates,
 * except to throw on a wrong vector length or output array size, so the scorer can run per event on a hot path.
 *
 * <p>For a stream that sees one sensor at a time, keep the margin instead of the probability and update it in O(1):
 * start from {@link #neutralMargin()} (every feature at the neutral value), add
 * {@link #marginDelta(int, double, double)} for each change, and read {@link #probabilityOfMargin(double)}.
 * Each update adds a rounding error of about one ulp of the margin, so over many updates the running margin drifts
 * from the exact one (measured: about 1e-14 of {@link #marginScale()} after a million random updates). Recompute it
 * with {@link #margin(double[])} every so often (e.g. every 10,000 updates) to keep the drift bounded;
 * {@link RunningMargin} does both.
 *
 * <p>Immutable and thread-safe; the weights are copied from the artifact.
 */
public final class LogisticScorer {

    private final String modelId;
    private final double[] weights;
    private final double intercept;
    private final double threshold;
    private final double neutralValue;
    private final double neutralMargin;
    private final double marginScale;

    /** A scorer for {@code artifact}, which is valid by construction. */
    public LogisticScorer(ModelArtifact artifact) {
        this.modelId = artifact.id();
        this.weights = artifact.weights();
        this.intercept = artifact.intercept();
        this.threshold = artifact.threshold();
        this.neutralValue = artifact.features().neutralValue();
        double m = intercept;
        double scale = Math.abs(intercept);
        for (double w : weights) {
            m += w * neutralValue;
            scale += Math.abs(w);
        }
        this.neutralMargin = m;
        this.marginScale = scale;
    }

    /** {@code name:version} of the artifact, for logs and alerts. */
    public String modelId() {
        return modelId;
    }

    /** Required length of every vector. */
    public int featureCount() {
        return weights.length;
    }

    public double threshold() {
        return threshold;
    }

    public double intercept() {
        return intercept;
    }

    public double weight(int featureIndex) {
        return weights[featureIndex];
    }

    /** Value assumed for a feature without a reading yet. */
    public double neutralValue() {
        return neutralValue;
    }

    /**
     * {@code intercept + Σ weights[i]·x[i]}, the log-odds of attention.
     *
     * @throws IllegalArgumentException if {@code x.length != featureCount()}
     */
    public double margin(double[] x) {
        double[] w = weights;
        if (x.length != w.length) {
            throw new IllegalArgumentException("vector has " + x.length + " values but model " + modelId + " has "
                    + w.length + " features");
        }
        // Four independent sums: a single accumulator serializes every addition on the FPU's add latency, and the
        // JIT may not reorder floating-point adds itself. The order is fixed, so results are deterministic.
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int n = w.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += w[i] * x[i];
            s1 += w[i + 1] * x[i + 1];
            s2 += w[i + 2] * x[i + 2];
            s3 += w[i + 3] * x[i + 3];
        }
        for (; i < n; i++) {
            s0 += w[i] * x[i];
        }
        return intercept + ((s0 + s1) + (s2 + s3));
    }

    /** Probability of attention for {@code x}: {@code σ(margin(x))}. */
    public double probability(double[] x) {
        return sigmoid(margin(x));
    }

    /** Whether {@code x} needs attention: {@code probability(x) > threshold()}. */
    public boolean attention(double[] x) {
        return decide(probability(x));
    }

    /** Whether probability {@code p} needs attention: {@code p > threshold()}. */
    public boolean decide(double p) {
        return p > threshold;
    }

    /** {@code σ(margin)}, for a margin kept incrementally. */
    public double probabilityOfMargin(double margin) {
        return sigmoid(margin);
    }

    /**
     * The logistic function, accurate and free of overflow for any {@code z}: for negative {@code z} it uses
     * {@code e^z / (1 + e^z)}, so {@code e^-z} is never formed where it could overflow.
     */
    public static double sigmoid(double z) {
        if (z >= 0.0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** Margin of a vector whose features are all at the neutral value: the start of an incremental margin. */
    public double neutralMargin() {
        return neutralMargin;
    }

    /**
     * Change of the margin when feature {@code featureIndex} goes from {@code oldValue} to {@code newValue}:
     * {@code weights[featureIndex]·(newValue − oldValue)}.
     *
     * @throws ArrayIndexOutOfBoundsException if the index is not a feature index
     */
    public double marginDelta(int featureIndex, double oldValue, double newValue) {
        return weights[featureIndex] * (newValue - oldValue);
    }

    /**
     * {@code |intercept| + Σ|weights[i]|}: the largest margin magnitude for values in [-1, 1], and the yardstick for
     * the drift of an incremental margin (rounding errors are relative to the magnitudes summed).
     */
    public double marginScale() {
        return marginScale;
    }

    /**
     * Finds the {@code k} features that push {@code x} hardest towards attention: the largest contributions
     * {@code weights[i]·x[i]}, signed, in descending order (negative contributions, which pull towards "no
     * attention", come last; ties go to the lower index). Meant for the moment an alert is raised, to say which
     * sensors caused it. O(n·k), no allocation.
     *
     * @param k          how many to find, at least 0
     * @param outIdx     receives the feature indices, {@code outIdx[0]} the largest; length at least
     *                   {@code min(k, featureCount())}
     * @param outContrib receives the matching contributions
     * @return how many entries were written: {@code min(k, featureCount())}
     * @throws IllegalArgumentException if {@code x} has the wrong length, {@code k < 0} or an output array is short
     */
    public int topContributions(double[] x, int k, int[] outIdx, double[] outContrib) {
        double[] w = weights;
        if (x.length != w.length) {
            throw new IllegalArgumentException("vector has " + x.length + " values but model " + modelId + " has "
                    + w.length + " features");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k is " + k + ": ask for at least 0 contributions");
        }
        int want = Math.min(k, w.length);
        if (outIdx.length < want || outContrib.length < want) {
            throw new IllegalArgumentException("output arrays hold " + Math.min(outIdx.length, outContrib.length)
                    + " entries but " + want + " are needed");
        }
        int filled = 0;
        for (int i = 0; i < w.length; i++) {
            double c = w[i] * x[i];
            // Strictly greater: an equal contribution at a later index does not displace an earlier one.
            if (filled == want && (want == 0 || !(c > outContrib[want - 1]))) {
                continue;
            }
            int pos = filled < want ? filled++ : want - 1;
            while (pos > 0 && c > outContrib[pos - 1]) {
                outContrib[pos] = outContrib[pos - 1];
                outIdx[pos] = outIdx[pos - 1];
                pos--;
            }
            outContrib[pos] = c;
            outIdx[pos] = i;
        }
        return filled;
    }

    @Override
    public String toString() {
        return "LogisticScorer[" + modelId + ", features=" + weights.length + ", threshold=" + threshold + "]";
    }
}
