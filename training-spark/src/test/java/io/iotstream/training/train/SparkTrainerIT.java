package io.iotstream.training.train;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotstream.model.Metrics;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.pmml.ModelPmml;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.training.SharedSpark;
import io.iotstream.training.cli.CliRun;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.io.InputFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate -> train -> artifact on Spark local[2], 20k rows of 50 sensors. */
class SparkTrainerIT {

    @TempDir
    static Path dir;

    private static final SparkSession SPARK = SharedSpark.session();
    private static Path parquet;

    @BeforeAll
    static void generate() {
        parquet = dir.resolve("train-parquet");
        CommandRun gen = CliRun.run(CliRun.sharing(SPARK), "gen", "20000", "50", "4", parquet.toString(), "--seed", "21");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
    }

    static TrainConfig config(String input) {
        return new TrainConfig(input, InputFormat.AUTO, 0.3, 42, Engine.SPARK, LogisticParams.DEFAULTS,
                SgdParams.DEFAULTS, "pump", "1", null, null, Promotion.NONE, null, "test", null);
    }

    @Test
    void shouldTrainAnArtifactWhoseProbabilitiesAreSparksOwn() throws Exception {
        TrainConfig config = config(parquet.toString());
        InputFiles input = InputFiles.resolve(SPARK.sparkContext().hadoopConfiguration(), parquet.toString(),
                InputFormat.AUTO);
        assertThat(input.format()).isEqualTo(InputFormat.PARQUET);
        SparkTrainer.Fit fit = SparkTrainer.fit(SPARK, input, config, new PrintWriter(new StringWriter()));
        try {
            TrainedModel model = fit.model();
            assertThat(model.metrics().get(Metrics.AUC)).isGreaterThanOrEqualTo(0.97);
            assertThat(model.trainRows() + model.holdoutRows()).isEqualTo(20_000);
            assertThat(model.holdoutRows()).isBetween(5_600L, 6_400L);

            ModelArtifact artifact = ArtifactFactory.build(model, config, input,
                    input.fingerprint(SPARK.sparkContext().hadoopConfiguration()), Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(artifact.provenance().trainer()).isEqualTo("spark-mllib");
            assertThat(artifact.provenance().trainerVersion()).isEqualTo(SPARK.version());
            assertThat(artifact.provenance().parameters()).containsEntry("maxIter", "100")
                    .containsEntry("regParam", "0.0").containsEntry("standardization", "true")
                    .containsEntry("engine", "spark").containsEntry("inputFormat", "parquet");

            // Parity on the holdout, with the exported artifact (as the scorer will load it) against Spark's output.
            LogisticScorer scorer = new LogisticScorer(ModelJson.read(ModelJson.write(artifact)));
            List<Row> rows = fit.predictions().select("features", "probability", "label", "prediction")
                    .collectAsList();
            double maxDiff = 0;
            double[] p = new double[rows.size()];
            int[] labels = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                double[] x = ((Vector) r.get(0)).toArray();
                double spark = ((Vector) r.get(1)).apply(1);
                p[i] = scorer.probability(x);
                labels[i] = (int) r.getDouble(2);
                maxDiff = Math.max(maxDiff, Math.abs(p[i] - spark));
                assertThat(scorer.attention(x)).isEqualTo(r.getDouble(3) == 1.0);
            }
            assertThat(maxDiff).isLessThanOrEqualTo(1e-9);
            assertThat(model.parityMaxAbsDiff()).isLessThanOrEqualTo(1e-9);

            // The JVM-side metrics (Tribuo engine) mean exactly what Spark's evaluator computed.
            Map<String, Double> mine = HoldoutMetrics.compute(p, labels, artifact.threshold());
            for (String k : List.of(Metrics.AUC, Metrics.PR_AUC, Metrics.ACCURACY, Metrics.PRECISION, Metrics.RECALL,
                    Metrics.F1, Metrics.TP, Metrics.FP, Metrics.TN, Metrics.FN)) {
                assertThat(mine.get(k)).as(k).isCloseTo(artifact.metrics().get(k), within(1e-9));
            }
        } finally {
            fit.predictions().unpersist();
        }
    }

    @Test
    void shouldWriteJsonAndPmmlThroughTheCommand() throws Exception {
        Path out = dir.resolve("model");
        CommandRun run = CliRun.run(CliRun.sharing(SPARK), "train", parquet.toString(), "--output", out.toString(),
                "--model-version", "2026.1", "--reg-param", "0.001", "--threshold", "0.6");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Read 20000 rows of 50 sensors", "Fitted logistic regression", "auc=",
                "parity: max |p(artifact) - p(spark-mllib)|", "wrote sensor-failure:2026.1");
        ModelArtifact artifact = ModelJson.read(out.resolve("model.json"));
        assertThat(artifact.threshold()).isEqualTo(0.6);
        assertThat(artifact.metrics().get(Metrics.AUC)).isGreaterThanOrEqualTo(0.97);
        assertThat(artifact.provenance().parameters()).containsEntry("regParam", "0.001");
        assertThat(artifact.provenance().dataFingerprint()).startsWith("sha256:");
        ModelArtifact fromPmml = ModelPmml.read(Files.readAllBytes(out.resolve("model.pmml")), artifact.name(),
                artifact.version());
        assertThat(fromPmml.weights()).containsExactly(artifact.weights());
        assertThat(fromPmml.intercept()).isEqualTo(artifact.intercept());
    }

    @Test
    void shouldTrainTheSameParquetWithTribuoWithoutSpark() throws Exception {
        Path out = dir.resolve("m-tribuo");
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "train", parquet.toString(), "--engine", "tribuo", "--output",
                out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Read 20000 rows of 50 sensors", "(parquet)");
        ModelArtifact artifact = ModelJson.read(out.resolve("model.json"));
        assertThat(artifact.metrics().get(Metrics.AUC)).isGreaterThanOrEqualTo(0.97);
        assertThat(artifact.provenance().parameters()).containsEntry("inputFormat", "parquet");
    }

    @Test
    void shouldTrainOnCsvTheSameWayAsOnParquet() throws Exception {
        Path csv = dir.resolve("train-csv");
        CommandRun gen = CliRun.run(CliRun.sharing(SPARK), "gen", "20000", "50", "3", csv.toString(), "--seed", "21",
                "--format", "csv");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        Path fromCsv = dir.resolve("m-csv");
        Path fromParquet = dir.resolve("m-parquet");
        for (String[] args : List.of(new String[] {csv.toString(), fromCsv.toString()},
                new String[] {parquet.toString(), fromParquet.toString()})) {
            CommandRun run = CliRun.run(CliRun.sharing(SPARK), "train", args[0], "--output", args[1], "--model-version", "1");
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        ModelArtifact a = ModelJson.read(fromCsv.resolve("model.json"));
        ModelArtifact b = ModelJson.read(fromParquet.resolve("model.json"));
        assertThat(a.provenance().parameters()).containsEntry("inputFormat", "csv");
        // Same rows (bit for bit), same seeded split, but the rows are partitioned differently: close, not equal.
        assertThat(a.metrics().get(Metrics.AUC)).isCloseTo(b.metrics().get(Metrics.AUC), within(0.01));
    }
}
