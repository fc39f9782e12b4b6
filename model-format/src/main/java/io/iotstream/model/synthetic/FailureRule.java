package io.iotstream.model.synthetic;

/**
 * When a synthetic machine is failing: the original benchmark draws each of {@code n} sensor values uniformly from
 * [0,1), scores the vector as {@code Σ_{s=1..n} s · value_s}, and labels it 1 ("attention needed") when the score
 * exceeds a cutoff. The default cutoff {@code 0.25·n·(n+1)} is the mean score, so about half the rows are ones.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FailureRule {

    private final int sensors;
    private final double cutoff;

    private FailureRule(int sensors, double cutoff) {
        if (sensors < 1) {
            throw new IllegalArgumentException("sensors is " + sensors + ": use at least 1");
        }
        if (!Double.isFinite(cutoff)) {
            throw new IllegalArgumentException("cutoff is " + cutoff + ": use a finite number");
        }
        this.sensors = sensors;
        this.cutoff = cutoff;
    }

    /** The original's default: cutoff {@code 0.25·n·(n+1)}, about 50% ones. */
    public static FailureRule standard(int sensors) {
        return new FailureRule(sensors, meanScore(sensors));
    }

    /** A rule with an explicit cutoff, as the original's optional {@code cutoff} argument. */
    public static FailureRule withCutoff(int sensors, double cutoff) {
        return new FailureRule(sensors, cutoff);
    }

    /**
     * The rule whose cutoff leaves about {@code onesPercent}% of uniformly drawn vectors labelled 1.
     *
     * <p>The score is a sum of many independent uniforms, so its distribution is close to normal with mean
     * {@code n(n+1)/4} and variance {@code Σ s²/12}; a Cornish-Fisher term corrects for the uniform's light tails
     * (negative excess kurtosis), which matters below a few percent. For 100 sensors this gives 2525 / 2740 / 2915
     * for 50 / 10 / 1 %, against 2525 / 2741 / 2912 in the original's (empirical) table.
     *
     * @param onesPercent wanted share of ones, in (0, 100)
     */
    public static FailureRule forOnesPercent(int sensors, double onesPercent) {
        if (!(onesPercent > 0 && onesPercent < 100)) {
            throw new IllegalArgumentException("ones percent is " + onesPercent + ": use a share strictly between 0 and 100");
        }
        if (sensors < 1) {
            throw new IllegalArgumentException("sensors is " + sensors + ": use at least 1");
        }
        double z = Normal.quantile(1 - onesPercent / 100.0);
        double sumS2 = sumOfPowers(sensors, 2);
        double excessKurtosis = -1.2 * sumOfPowers(sensors, 4) / (sumS2 * sumS2);
        double zCorrected = z + (z * z * z - 3 * z) * excessKurtosis / 24.0;
        return new FailureRule(sensors, meanScore(sensors) + zCorrected * Math.sqrt(sumS2 / 12.0));
    }

    /** Mean score of uniformly drawn vectors, {@code n(n+1)/4}: the default cutoff. */
    public static double meanScore(int sensors) {
        return 0.25 * sensors * (sensors + 1.0);
    }

    private static double sumOfPowers(int n, int power) {
        double sum = 0;
        for (int s = 1; s <= n; s++) {
            sum += Math.pow(s, power);
        }
        return sum;
    }

    /** Number of sensors the rule is defined for. */
    public int sensors() {
        return sensors;
    }

    /** Score above which a vector is labelled 1. */
    public double cutoff() {
        return cutoff;
    }

    /**
     * {@code Σ_{s=1..n} s · values[s-1]}.
     *
     * @throws IllegalArgumentException if {@code values.length != sensors()}
     */
    public double score(double[] values) {
        if (values.length != sensors) {
            throw new IllegalArgumentException("vector has " + values.length + " values, the rule expects " + sensors);
        }
        double score = 0;
        for (int i = 0; i < values.length; i++) {
            score += (i + 1) * values[i];
        }
        return score;
    }

    /** 1 when {@link #score} exceeds the cutoff, else 0 — the original's label. */
    public int label(double[] values) {
        return score(values) > cutoff ? 1 : 0;
    }

    @Override
    public String toString() {
        return "FailureRule[sensors=" + sensors + ", cutoff=" + cutoff + "]";
    }
}
