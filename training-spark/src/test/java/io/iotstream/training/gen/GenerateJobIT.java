package io.iotstream.training.gen;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.training.SharedSpark;
import io.iotstream.training.cli.CliRun;
import io.iotstream.training.io.CsvRowParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** iotgen on Spark local[2]: the files it writes, reproducibility, labelling and the share of ones. */
class GenerateJobIT {

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    private GenerateJob.Result generate(Path out, long rows, int sensors, int partitions, OutputFormat format,
            FailureRule rule, SeedDomain domain, long seed) {
        GenConfig config = new GenConfig(rows, rule, partitions, out.toString(), format, seed, domain, false);
        return GenerateJob.run(spark, config, new PrintWriter(new StringWriter()));
    }

    /** The part files' bytes, concatenated in partition order. */
    private static byte[] concatenated(Path output) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(output)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                all.write(Files.readAllBytes(p));
            }
        }
        return all.toByteArray();
    }

    @Test
    void shouldWriteByteIdenticalCsvForOneAndFourPartitions() throws Exception {
        FailureRule rule = FailureRule.standard(20);
        generate(dir.resolve("one"), 10_001, 20, 1, OutputFormat.CSV, rule, SeedDomain.TRAINING, 5);
        generate(dir.resolve("four"), 10_001, 20, 4, OutputFormat.CSV, rule, SeedDomain.TRAINING, 5);
        byte[] one = concatenated(dir.resolve("one"));
        byte[] four = concatenated(dir.resolve("four"));
        assertThat(one).hasSize(10_001 * (CsvLines.length(20) + 1));
        assertThat(four).isEqualTo(one);
        try (Stream<Path> files = Files.list(dir.resolve("four"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("part-"))).hasSize(4);
        }
    }

    @Test
    void shouldLabelEveryCsvRowByTheRuleAndKeepTestingRowsApart() throws Exception {
        FailureRule rule = FailureRule.standard(10);
        GenerateJob.Result train = generate(dir.resolve("train"), 5_000, 10, 3, OutputFormat.CSV, rule,
                SeedDomain.TRAINING, 9);
        generate(dir.resolve("test"), 5_000, 10, 3, OutputFormat.CSV, rule, SeedDomain.TESTING, 9);
        List<String> trainLines = new String(concatenated(dir.resolve("train")), StandardCharsets.US_ASCII).lines()
                .toList();
        List<String> testLines = new String(concatenated(dir.resolve("test")), StandardCharsets.US_ASCII).lines()
                .toList();
        double[] values = new double[10];
        long ones = 0;
        for (String line : trainLines) {
            int label = CsvRowParser.parse(line, values);
            assertThat(label).as(line).isEqualTo(rule.label(values));
            ones += label;
        }
        assertThat(train.ones()).isEqualTo(ones);
        assertThat(train.rows()).isEqualTo(5_000);
        assertThat(train.bytes()).isEqualTo(5_000L * (CsvLines.length(10) + 1));
        Set<String> features = new HashSet<>();
        trainLines.forEach(l -> features.add(l.substring(l.indexOf(','))));
        testLines.forEach(l -> assertThat(features.contains(l.substring(l.indexOf(',')))).as(l).isFalse());
    }

    @Test
    void shouldHitTheAskedShareOfOnes() {
        FailureRule rule = FailureRule.forOnesPercent(100, 10);
        GenerateJob.Result r = generate(dir.resolve("ten"), 20_000, 100, 2, OutputFormat.PARQUET, rule,
                SeedDomain.TRAINING, 3);
        assertThat(r.onesPercent()).isBetween(8.5, 11.5);
        FailureRule one = FailureRule.forOnesPercent(100, 1);
        GenerateJob.Result r1 = generate(dir.resolve("one"), 20_000, 100, 2, OutputFormat.PARQUET, one,
                SeedDomain.TRAINING, 3);
        assertThat(r1.onesPercent()).isBetween(0.0, 2.5);
    }

    @Test
    void shouldWriteTheSameRowsAsParquetWhateverThePartitions() {
        FailureRule rule = FailureRule.standard(8);
        generate(dir.resolve("p1"), 3_000, 8, 1, OutputFormat.PARQUET, rule, SeedDomain.TRAINING, 4);
        generate(dir.resolve("p3"), 3_000, 8, 3, OutputFormat.PARQUET, rule, SeedDomain.TRAINING, 4);
        generate(dir.resolve("csv"), 3_000, 8, 2, OutputFormat.CSV, rule, SeedDomain.TRAINING, 4);
        List<Row> one = spark.read().parquet(dir.resolve("p1").toString()).collectAsList();
        List<Row> three = spark.read().parquet(dir.resolve("p3").toString()).collectAsList();
        assertThat(one).hasSize(3_000);
        assertThat(new HashSet<>(three.stream().map(Row::toString).toList()))
                .isEqualTo(new HashSet<>(one.stream().map(Row::toString).toList()));
        assertThat(spark.read().parquet(dir.resolve("p1").toString()).schema()).isEqualTo(GenerateJob.PARQUET_SCHEMA
                .asNullable());
    }

    @Test
    void shouldPrintProgressAndTheClosingLineAndRefuseToOverwrite() {
        String out = dir.resolve("cli").toString();
        CommandRun run = CliRun.run(CliRun.sharing(spark), "gen", "2000", "5", "2", out, "--format", "csv", "--seed", "1");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Creating file:" + out + " with 2000 rows of 5 sensors (csv, training rows, "
                + "seed 1)", "Created file:" + out + " with size", "ones (", "MB/s per core on 2 cores");

        CommandRun again = CliRun.run(CliRun.sharing(spark), "gen", "2000", "5", "2", out);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists: pass --overwrite");

        CommandRun overwrite = CliRun.run(CliRun.sharing(spark), "gen", "2000", "5", "2", out, "--overwrite", "--testing");
        assertThat(overwrite.exitCode()).as(overwrite.toString()).isZero();
        assertThat(overwrite.out()).contains("testing rows");
    }
}
