package io.iotstream.training.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.training.gen.GenConfig;
import io.iotstream.training.gen.GenerateJob;
import io.iotstream.training.gen.OutputFormat;
import io.iotstream.training.io.HadoopS3;
import java.security.SecureRandom;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gen}: the original benchmark's {@code iotgen}, on Spark. */
@Command(name = "gen",
        aliases = "iotgen",
        description = {
            "Write labelled synthetic sensor rows (the original benchmark's iotgen).",
            "Each value is uniform in [0,1) with five decimals; label 1 when",
            "sum(s * value_s) > cutoff (default 0.25*n*(n+1), about 50%% ones).",
            "The same --seed gives the same rows for any number of partitions."
        })
final class GenCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "<rows>", description = "Number of rows.")
    long rows;

    @Parameters(index = "1", paramLabel = "<sensors>", description = "Sensor values per row.")
    int sensors;

    @Parameters(index = "2", paramLabel = "<partitions>", description = "Partitions, and so part files.")
    int partitions;

    @Parameters(index = "3", paramLabel = "<output>",
            description = "Output directory: a path or a file://, hdfs:// or s3a:// URI.")
    String output;

    @Parameters(index = "4", arity = "0..1", paramLabel = "<cutoff>",
            description = "Label 1 when the score exceeds this (default 0.25*n*(n+1)).")
    Double cutoff;

    @Option(names = "--ones-percent", paramLabel = "<P>",
            description = "Choose the cutoff for about P%% ones, e.g. 10 (instead of <cutoff>).")
    Double onesPercent;

    @Option(names = "--format", paramLabel = "<csv|parquet>", defaultValue = "parquet",
            description = "csv (label,v1,...,vn as the original) or parquet (label, features array). "
                    + "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--seed", paramLabel = "<seed>",
            description = "Seed of the rows (default: random, printed so the run can be repeated).")
    Long seed;

    @Option(names = "--testing",
            description = "Write testing rows: labelled like training rows, from a seed domain that never "
                    + "repeats them, for measuring accuracy.")
    boolean testing;

    @Option(names = "--overwrite", description = "Replace the output if it exists.")
    boolean overwrite;

    @Mixin
    SparkFlags sparkFlags;

    @Override
    protected int run() {
        if (cutoff != null && onesPercent != null) {
            throw new IllegalArgumentException("give either <cutoff> or --ones-percent, not both");
        }
        if (sensors < 1) {
            throw new IllegalArgumentException("sensors is " + sensors + ": use at least 1");
        }
        FailureRule rule = onesPercent != null
                ? FailureRule.forOnesPercent(sensors, onesPercent)
                : cutoff != null ? FailureRule.withCutoff(sensors, cutoff) : FailureRule.standard(sensors);
        long actualSeed = seed != null ? seed : new SecureRandom().nextLong();
        GenConfig config = new GenConfig(rows, rule, partitions, output, OutputFormat.parse(format), actualSeed,
                testing ? SeedDomain.TESTING : SeedDomain.TRAINING, overwrite);
        var storeOptions = parent.storeOptions(sparkFlags.s3);

        SparkSession spark = parent.sessions().session("iotgen", parent.master(sparkFlags.master));
        HadoopS3.apply(storeOptions, spark.sparkContext().hadoopConfiguration());
        GenerateJob.run(spark, config, out());
        return ExitCode.OK;
    }
}
