package io.iotstream.training.gen;

import io.iotstream.training.io.HadoopPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code iotgen}: writes {@link GenConfig#rows()} labelled synthetic rows, one part file per partition, as CSV or
 * Parquet, to any Hadoop file system Spark can write (file, HDFS, S3A). A pure function of the session and the
 * config; progress and the closing line go to {@code out}.
 */
public final class GenerateJob {

    /** The Parquet layout: a label column and a features column, as Spark ML's estimators expect them by default. */
    public static final StructType PARQUET_SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    /** At most one progress line per interval: one line per partition would flood the log on a big run. */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private GenerateJob() {
    }

    /**
     * What a run produced.
     *
     * @param location the output directory, fully qualified
     * @param sensors  values per row
     * @param bytes    size of the data files written (not counting Spark's marker and checksum files)
     * @param seconds  wall time of the write
     * @param cores    cores Spark could use (its default parallelism), for the per-core rate
     */
    public record Result(String location, long rows, int sensors, long ones, long bytes, double seconds, int cores) {

        /** Share of rows labelled 1, in percent. */
        public double onesPercent() {
            return 100.0 * ones / rows;
        }

        /**
         * The size the original benchmark reports, {@code rows × (sensors + 1) × 8} bytes: exactly the CSV size
         * (eight characters per field with its separator), whatever the format written.
         */
        public long csvBytes() {
            return rows * (sensors + 1L) * 8;
        }

        /** Throughput in MB/s of {@link #csvBytes()}, MB = 10<sup>6</sup> bytes, comparable across formats. */
        public double megabytesPerSecond() {
            return csvBytes() / 1e6 / seconds;
        }

        public double megabytesPerSecondPerCore() {
            return megabytesPerSecond() / cores;
        }
    }

    /**
     * Generates and writes the data.
     *
     * @throws IllegalArgumentException if the output exists and {@link GenConfig#overwrite()} is false
     * @throws UncheckedIOException if the output cannot be inspected
     */
    public static Result run(SparkSession spark, GenConfig config, PrintWriter out) {
        Path outputPath = new Path(config.output());
        String location;
        FileSystem fs;
        try {
            fs = outputPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            location = fs.makeQualified(outputPath).toString();
            if (!config.overwrite() && fs.exists(outputPath)) {
                throw new IllegalArgumentException("output " + location
                        + " exists: pass --overwrite to replace it, or choose another path");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect output " + config.output() + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "%s: Creating %s with %d rows of %d sensors (%s, %s rows, seed %d), label 1 when "
                        + "score > %.1f, in %d partitions%n", Instant.now(), location, config.rows(), config.sensors(),
                config.format().lowerCase(), config.domain().name().toLowerCase(Locale.ROOT), config.seed(),
                config.rule().cutoff(), config.partitions());
        out.flush();

        // Counted as rows are made: no second pass over the data. A task that is retried after a failure counts its
        // rows again, so on a flaky cluster the share printed can be slightly off; the data itself never is.
        LongAccumulator ones = spark.sparkContext().longAccumulator("iotgen.ones");
        PartitionRows rows = new PartitionRows(config);
        // One element per partition: element p is partition p's index, so part file p holds rows firstRow(p)...
        Dataset<Long> partitionIndexes = spark.range(0, config.partitions(), 1, config.partitions());
        String jobGroup = "iotgen-" + Long.toUnsignedString(System.nanoTime(), 36);
        Progress progress = new Progress(jobGroup, config.partitions(), out);
        spark.sparkContext().setJobGroup(jobGroup, "iotgen " + location, false);
        spark.sparkContext().addSparkListener(progress);
        long start = System.nanoTime();
        try {
            SaveMode mode = config.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
            if (config.format() == OutputFormat.CSV) {
                partitionIndexes
                        .flatMap((FlatMapFunction<Long, String>) p -> rows.csvLines(p.intValue(), ones::add),
                                Encoders.STRING())
                        .write().mode(mode).option("compression", "none").text(config.output());
            } else {
                partitionIndexes
                        .flatMap((FlatMapFunction<Long, Row>) p -> rows.parquetRows(p.intValue(), ones::add),
                                Encoders.row(PARQUET_SCHEMA))
                        .write().mode(mode).parquet(config.output());
            }
        } finally {
            spark.sparkContext().removeSparkListener(progress);
            spark.sparkContext().clearJobGroup();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes;
        try {
            bytes = HadoopPaths.dataBytes(fs, outputPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list output " + location + ": " + e.getMessage(), e);
        }
        Result result = new Result(location, config.rows(), config.sensors(), ones.value(), bytes, seconds,
                spark.sparkContext().defaultParallelism());
        String size = config.format() == OutputFormat.CSV ? HadoopPaths.humanSize(bytes)
                : HadoopPaths.humanSize(bytes) + " (" + HadoopPaths.humanSize(result.csvBytes()) + " as CSV)";
        out.printf(Locale.ROOT, "%s: Created %s with size %s in %.1f seconds with %d ones (%.1f%%): %.1f MB/s, "
                        + "%.1f MB/s per core on %d cores%n", Instant.now(), location, size, seconds, result.ones(),
                result.onesPercent(), result.megabytesPerSecond(), result.megabytesPerSecondPerCore(), result.cores());
        out.flush();
        return result;
    }

    /** Counts finished partitions of this job group's jobs and prints a line at most every few seconds. */
    private static final class Progress extends SparkListener {
        private final String jobGroup;
        private final int partitions;
        private final PrintWriter out;
        private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
        private final AtomicInteger done = new AtomicInteger();
        private final long start = System.nanoTime();
        private final AtomicLong lastPrint = new AtomicLong(start);

        Progress(String jobGroup, int partitions, PrintWriter out) {
            this.jobGroup = jobGroup;
            this.partitions = partitions;
            this.out = out;
        }

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            if (jobStart.properties() != null
                    && jobGroup.equals(jobStart.properties().getProperty("spark.jobGroup.id"))) {
                for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())) {
                    stages.add((Integer) id);
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            if (!stages.contains(taskEnd.stageId()) || !taskEnd.taskInfo().successful()) {
                return;
            }
            int n = done.incrementAndGet();
            long now = System.nanoTime();
            long last = lastPrint.get();
            if (n < partitions && now - last >= PROGRESS_INTERVAL_NANOS && lastPrint.compareAndSet(last, now)) {
                out.printf(Locale.ROOT, "%s: %d of %d partitions written (%.0f%%) in %.1f seconds%n", Instant.now(), n,
                        partitions, 100.0 * n / partitions, (now - start) / 1e9);
                out.flush();
            }
        }
    }
}
