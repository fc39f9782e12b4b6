package io.iotstream.training.bench;

import io.iotstream.model.Metrics;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.training.cli.SparkSessions;
import io.iotstream.training.gen.GenConfig;
import io.iotstream.training.gen.GenerateJob;
import io.iotstream.training.gen.OutputFormat;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.io.InputFormat;
import io.iotstream.training.train.Engine;
import io.iotstream.training.train.LogisticParams;
import io.iotstream.training.train.Promotion;
import io.iotstream.training.train.SgdParams;
import io.iotstream.training.train.SparkTrainer;
import io.iotstream.training.train.TrainConfig;
import io.iotstream.training.train.TrainedModel;
import io.iotstream.training.tribuo.TribuoTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The training benchmark of docs/BENCHMARKS.md, a program (never a test): iotgen throughput for rows × sensors as
 * CSV and Parquet, and iottrain wall time with Spark (on both) and Tribuo (on the CSV), on Spark local[cores].
 *
 * <pre>
 * mvn -B -pl training-spark -Pbench test-compile exec:exec                      # 1,000,000 rows x 100 sensors
 * mvn -B -pl training-spark -Pbench test-compile exec:exec -Dbench.args="200000 100 2"
 * </pre>
 * Arguments: rows (default 1000000), sensors (100), cores (2), work directory (a temporary one, deleted after).
 * A warm-up generation and Spark training on a tenth of the rows run first, so the figures are not dominated by JIT
 * compilation.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int cores = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("iotstream-bench");
        int partitions = 4 * cores;
        PrintWriter quiet = new PrintWriter(new StringWriter());

        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.local("iotstream-training-benchmark", cores);
        spark.sparkContext().setLogLevel("ERROR");
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "Spark local[%d] started in %.1f s; %d rows x %d sensors, %d partitions, "
                + "in %s; max heap %d MB; load average (1 min) %.2f%n", cores, startSeconds, rows, sensors, partitions,
                dir, Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try {
            FailureRule rule = FailureRule.standard(sensors);
            for (OutputFormat f : OutputFormat.values()) {
                GenerateJob.run(spark, new GenConfig(Math.max(rows / 10, partitions), rule, partitions,
                        dir.resolve("warmup-" + f.lowerCase()).toString(), f, 1, SeedDomain.TRAINING, true), quiet);
            }
            // Warm the training code up too (JIT), on the warm-up rows.
            SparkTrainer.train(spark, InputFiles.resolve(spark.sparkContext().hadoopConfiguration(),
                    dir.resolve("warmup-parquet").toString(), InputFormat.AUTO),
                    config(dir.resolve("warmup-parquet"), Engine.SPARK), quiet);
            System.out.println();
            System.out.println("| iotgen | file size | wall s | CPU s | MB/s (as CSV) | MB/s per core | MB/s per CPU-second |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (OutputFormat f : OutputFormat.values()) {
                long cpu = cpuNanos();
                GenerateJob.Result r = GenerateJob.run(spark, new GenConfig(rows, rule, partitions,
                        dir.resolve(f.lowerCase()).toString(), f, 1, SeedDomain.TRAINING, true), quiet);
                double cpuSeconds = (cpuNanos() - cpu) / 1e9;
                System.out.printf(Locale.ROOT, "| %s | %.1f MB | %.1f | %.1f | %.0f | %.0f | %.0f |%n", f.lowerCase(),
                        r.bytes() / 1e6, r.seconds(), cpuSeconds, r.megabytesPerSecond(),
                        r.megabytesPerSecondPerCore(), r.csvBytes() / 1e6 / cpuSeconds);
            }
            System.out.println();
            System.out.println("| iottrain | input | wall s | CPU s | holdout AUC | accuracy |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
            for (String input : new String[] {"parquet", "csv"}) {
                TrainConfig config = config(dir.resolve(input), Engine.SPARK);
                long start = System.nanoTime();
                long cpu = cpuNanos();
                InputFiles files = InputFiles.resolve(spark.sparkContext().hadoopConfiguration(),
                        config.input(), InputFormat.AUTO);
                TrainedModel m = SparkTrainer.train(spark, files, config, quiet);
                print("spark local[" + cores + "]", input, start, cpu, m);
            }
            TrainConfig tribuo = config(dir.resolve("csv"), Engine.TRIBUO);
            long start = System.nanoTime();
            long cpu = cpuNanos();
            org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
            TrainedModel m = TribuoTrainer.train(conf, InputFiles.resolve(conf, tribuo.input(), InputFormat.AUTO),
                    tribuo, quiet);
            print("tribuo (1 thread)", "csv", start, cpu, m);
            System.out.printf(Locale.ROOT, "%nload average (1 min) at the end: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            spark.stop();
            if (args.length <= 3) {
                delete(dir);
            }
        }
    }

    private static TrainConfig config(Path input, Engine engine) {
        return new TrainConfig(input.toString(), InputFormat.AUTO, 0.3, 42, engine, LogisticParams.DEFAULTS,
                SgdParams.DEFAULTS, "bench", "1", null, null, Promotion.NONE, null, "bench", null);
    }

    private static void print(String engine, String input, long startNanos, long cpuStartNanos, TrainedModel m) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.6f | %.6f |%n", engine, input,
                (System.nanoTime() - startNanos) / 1e9, (cpuNanos() - cpuStartNanos) / 1e9,
                m.metrics().get(Metrics.AUC), m.metrics().get(Metrics.ACCURACY));
    }

    /** CPU time of this process, all threads (Spark's local executors run in it): robust to a busy machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
