package io.iotstream.model.score;

import java.util.Arrays;

/**
 * One device's feature vector with its margin kept up to date in O(1) per reading, recomputed in full every
 * {@code recomputeEvery} updates so that rounding drift stays bounded (see {@link LogisticScorer}).
 *
 * <p>Any finite values are handled exactly: an update whose change of the margin is more than
 * {@link #LARGE_UPDATE} times the larger of the new margin and {@link LogisticScorer#marginScale()}, or that leaves
 * the margin not finite, recomputes the margin from the vector instead of adding the change. Adding a change
 * loses about 1e-16 of the larger of the two magnitudes; when a large magnitude then cancels out (a glitch of 1e17,
 * or a byte-swapped double, leaving again), that loss would be most of what remains: the margin of the normal
 * values would be about 0 until the next periodic recomputation, and {@code Double.MAX_VALUE} would leave it
 * infinite, then NaN. Changes within the scale the model was trained on never recompute, so the common update stays
 * O(1).
 *
 * <p>Starts with every feature at the neutral value. Not thread-safe: one instance per device, used by one thread.
 * No method allocates except {@link #values()}.
 */
public final class RunningMargin {

    /**
     * A full O(n) recomputation per this many updates adds n/10,000 multiply-adds to each update on average, and
     * resets a drift that is still around 1e-14 of the margin scale after a million updates.
     */
    public static final int DEFAULT_RECOMPUTE_EVERY = 10_000;
    /**
     * How many times the larger of the new margin and the model's margin scale a change may be before the margin is
     * recomputed instead: a change of at most 64 of those loses about 1e-14 of them, the drift budget of the
     * periodic recomputation.
     */
    public static final double LARGE_UPDATE = 64.0;

    private final LogisticScorer scorer;
    private final double[] values;
    private final int recomputeEvery;
    private double margin;
    private int updatesSinceRecompute;
    /** {@link #LARGE_UPDATE} times the model's margin scale: changes up to this never recompute. */
    private final double largeFloor;

    /** All features neutral, recomputed every {@value #DEFAULT_RECOMPUTE_EVERY} updates. */
    public RunningMargin(LogisticScorer scorer) {
        this(scorer, DEFAULT_RECOMPUTE_EVERY);
    }

    /**
     * All features neutral.
     *
     * @param recomputeEvery updates between full recomputations, at least 1 (1 recomputes on every update)
     */
    public RunningMargin(LogisticScorer scorer, int recomputeEvery) {
        if (recomputeEvery < 1) {
            throw new IllegalArgumentException("recomputeEvery is " + recomputeEvery + ": use at least 1");
        }
        this.scorer = scorer;
        this.recomputeEvery = recomputeEvery;
        this.values = new double[scorer.featureCount()];
        Arrays.fill(values, scorer.neutralValue());
        this.margin = scorer.neutralMargin();
        this.largeFloor = LARGE_UPDATE * scorer.marginScale();
    }

    /** Restores a device from saved values (copied); the margin is recomputed from them. */
    public static RunningMargin of(LogisticScorer scorer, double[] values, int recomputeEvery) {
        RunningMargin r = new RunningMargin(scorer, recomputeEvery);
        if (values.length != r.values.length) {
            throw new IllegalArgumentException("saved vector has " + values.length + " values but model "
                    + scorer.modelId() + " has " + r.values.length + " features");
        }
        System.arraycopy(values, 0, r.values, 0, values.length);
        r.recompute();
        return r;
    }

    /**
     * Sets feature {@code featureIndex} to {@code value} and returns the new margin.
     *
     * @throws ArrayIndexOutOfBoundsException if the index is not a feature index
     */
    public double set(int featureIndex, double value) {
        double old = values[featureIndex];
        values[featureIndex] = value;
        if (++updatesSinceRecompute >= recomputeEvery) {
            return recompute();
        }
        double delta = scorer.marginDelta(featureIndex, old, value);
        double updated = margin + delta;
        // !(a <= b) is also true for a NaN change; an infinite margin fails isFinite.
        double size = Math.abs(delta);
        if (!(size <= largeFloor || size <= LARGE_UPDATE * Math.abs(updated)) || !Double.isFinite(updated)) {
            return recompute();
        }
        margin = updated;
        return margin;
    }

    /** Recomputes the margin from the values, discarding accumulated drift. O(n). */
    public double recompute() {
        margin = scorer.margin(values);
        updatesSinceRecompute = 0;
        return margin;
    }

    public double margin() {
        return margin;
    }

    public double probability() {
        return scorer.probabilityOfMargin(margin);
    }

    public boolean attention() {
        return scorer.decide(probability());
    }

    public double value(int featureIndex) {
        return values[featureIndex];
    }

    /** A copy of the current vector, e.g. to persist it or to explain an alert. */
    public double[] values() {
        return values.clone();
    }

    /** Copies the current vector into {@code out} without allocating. */
    public void copyValuesTo(double[] out) {
        System.arraycopy(values, 0, out, 0, values.length);
    }

    public int updatesSinceRecompute() {
        return updatesSinceRecompute;
    }

    public LogisticScorer scorer() {
        return scorer;
    }
}
