package io.iotstream.training.gen;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import java.util.Objects;

/**
 * What {@code iotgen} generates: a pure description, validated on construction (each error names the setting and
 * the fix), from which {@link GenerateJob} writes the data.
 *
 * @param rows       number of rows, exactly (unlike the original, not rounded up to a multiple of partitions)
 * @param rule       sensors and labelling cutoff
 * @param partitions number of partitions and so of part files; at most {@code rows}
 * @param output     where to write: a path or a {@code file://}, {@code hdfs://} or {@code s3a://} URI (a directory)
 * @param format     CSV or Parquet
 * @param seed       the seed; the same seed gives the same rows for any partition count
 * @param domain     {@link SeedDomain#TRAINING}, or {@link SeedDomain#TESTING} for held-apart test data
 * @param overwrite  whether to replace existing output
 */
public record GenConfig(long rows, FailureRule rule, int partitions, String output, OutputFormat format, long seed,
                        SeedDomain domain, boolean overwrite) {

    /** Far beyond any sensible run; keeps the row arithmetic clear of overflow. */
    public static final long MAX_ROWS = 1L << 50;
    /** A wider vector than this is not the benchmark any more, and one CSV line would pass 1 MB. */
    public static final int MAX_SENSORS = 100_000;
    /** More part files than this would drown any file system. */
    public static final int MAX_PARTITIONS = 1_000_000;

    public GenConfig {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows is " + rows + ": give a number of rows between 1 and " + MAX_ROWS);
        }
        Objects.requireNonNull(rule, "rule");
        if (rule.sensors() > MAX_SENSORS) {
            throw new IllegalArgumentException("sensors is " + rule.sensors() + ": use 1 to " + MAX_SENSORS);
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("partitions is " + partitions + ": use 1 to " + MAX_PARTITIONS);
        }
        if (partitions > rows) {
            throw new IllegalArgumentException("partitions is " + partitions + " but rows is only " + rows
                    + ": use at most one partition per row (partitions <= rows)");
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output is missing: give a directory path or URI (file://, hdfs://, "
                    + "s3a://)");
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(domain, "domain");
        if (domain == SeedDomain.STREAMING) {
            throw new IllegalArgumentException("iotgen writes TRAINING or TESTING rows; STREAMING is the simulator's");
        }
    }

    /** Number of sensors per row. */
    public int sensors() {
        return rule.sensors();
    }

    /** First row number of partition {@code p}: rows are spread evenly, the first {@code rows % partitions} get one more. */
    public long firstRow(int p) {
        long base = rows / partitions;
        long extra = rows % partitions;
        return p * base + Math.min(p, extra);
    }

    /** One past the last row number of partition {@code p}. */
    public long endRow(int p) {
        return firstRow(p + 1);
    }
}
