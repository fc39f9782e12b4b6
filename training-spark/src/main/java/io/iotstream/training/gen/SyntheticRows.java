package io.iotstream.training.gen;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import java.util.SplittableRandom;

/**
 * The rows {@code iotgen} writes, as a pure function of (domain, seed, row number): row {@code r} draws its sensor
 * values from {@code domain.random(seed, r)}, so the data never depends on how many partitions or executors
 * produce it, and any row can be regenerated on its own.
 *
 * <p>Each value is drawn uniformly from [0,1) and rounded to {@value #DECIMALS} decimals, the precision of the
 * original benchmark's CSV; the label is {@link FailureRule#label} of the rounded values. So a CSV row and a Parquet
 * row hold exactly the same doubles, and the label can be recomputed from what was written. The rounded values are
 * kept as integers ({@linkplain #quanta() quanta} of 10<sup>-5</sup>, 0..100000), which formats to text exactly and
 * fast.
 *
 * <p>An instance reuses its buffers: not thread-safe, one per partition.
 */
public final class SyntheticRows {

    /** Decimals of every value, as in the original benchmark's CSV. */
    public static final int DECIMALS = 5;
    /** One quantum is {@code 1 / SCALE}. */
    public static final int SCALE = 100_000;

    private final SeedDomain domain;
    private final long seed;
    private final FailureRule rule;
    private final int[] quanta;
    private final double[] values;
    private int label;

    public SyntheticRows(SeedDomain domain, long seed, FailureRule rule) {
        this.domain = domain;
        this.seed = seed;
        this.rule = rule;
        this.quanta = new int[rule.sensors()];
        this.values = new double[rule.sensors()];
    }

    /** Generates row {@code rowIndex} into this instance's buffers and returns its label (0 or 1). */
    public int generate(long rowIndex) {
        SplittableRandom random = domain.random(seed, rowIndex);
        for (int i = 0; i < quanta.length; i++) {
            int q = (int) Math.round(random.nextDouble() * SCALE);
            quanta[i] = q;
            // The double nearest to q·10^-5: exactly what parsing the five-decimal text gives back.
            values[i] = q / (double) SCALE;
        }
        label = rule.label(values);
        return label;
    }

    /** The last generated row's values in 10<sup>-5</sup> units (the live buffer: copy it to keep it). */
    public int[] quanta() {
        return quanta;
    }

    /** The last generated row's values (the live buffer: copy it to keep it). */
    public double[] values() {
        return values;
    }

    /** The last generated row's label. */
    public int label() {
        return label;
    }

    /** Number of sensors per row. */
    public int sensors() {
        return quanta.length;
    }
}
