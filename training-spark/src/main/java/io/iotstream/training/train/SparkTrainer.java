package io.iotstream.training.train;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.Metrics;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.training.io.BadInputException;
import io.iotstream.training.io.BadInputs;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.io.InputFormat;
import java.io.PrintWriter;
import java.io.Serializable;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * {@code iottrain} on Spark: reads the input once (cached), splits it with a seeded uniform column, fits Spark ML's
 * binomial {@code LogisticRegression}, and evaluates on the holdout: the metrics of {@link HoldoutMetrics} (by
 * Spark's evaluator, unbinned) and the parity of the exported weights with Spark's own probabilities.
 */
public final class SparkTrainer {

    /** The provenance trainer name of Spark-trained models. */
    public static final String TRAINER = "spark-mllib";

    private static final String SPLIT_COLUMN = "iotstream_split_u";

    private SparkTrainer() {
    }

    /**
     * The fitted model with the data it was evaluated on, for callers (tests) that compare further.
     *
     * @param predictions the holdout with Spark's {@code probability} and {@code prediction} columns (cached;
     *                    unpersist it when done)
     */
    public record Fit(TrainedModel model, LogisticRegressionModel sparkModel, Dataset<Row> predictions) {
    }

    /** Trains and evaluates; see {@link #fit} for the details. Releases every cached dataset. */
    public static TrainedModel train(SparkSession spark, InputFiles input, TrainConfig config, PrintWriter out)
            throws BadInputException {
        Fit fit = fit(spark, input, config, out);
        fit.predictions().unpersist();
        return fit.model();
    }

    /**
     * Trains and evaluates, keeping the holdout predictions cached.
     *
     * @throws BadInputException if the rows are unusable (labels other than 0/1, one class only, ragged vectors)
     */
    public static Fit fit(SparkSession spark, InputFiles input, TrainConfig config, PrintWriter out)
            throws BadInputException {
        try {
            return fitUnchecked(spark, input, config, out);
        } catch (Exception e) {
            // A bad CSV row fails a Spark task; the job failure carries it (with file and byte offset) as a cause.
            BadInputException bad = BadInputs.find(e, spark.sparkContext().hadoopConfiguration());
            if (bad != null) {
                throw bad;
            }
            throw e;
        }
    }

    private static Fit fitUnchecked(SparkSession spark, InputFiles input, TrainConfig config, PrintWriter out)
            throws BadInputException {
        long start = System.nanoTime();
        SparkInput.Loaded loaded = SparkInput.load(spark, input);
        int sensors = loaded.sensors();
        Dataset<Row> data = loaded.data()
                // A seeded uniform per row instead of randomSplit: randomSplit sorts every partition to be
                // deterministic, which costs a sort of all vectors; rand(seed) over the cached rows is deterministic
                // already.
                .withColumn(SPLIT_COLUMN, rand(config.seed()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Stats stats = stats(data, input, sensors);
            out.printf(Locale.ROOT, "%s: Read %d rows of %d sensors (%.1f%% ones) from %s (%s) in %.1f seconds%n",
                    Instant.now(), stats.rows, sensors, 100.0 * stats.ones / stats.rows, input.location(),
                    input.format().name().toLowerCase(Locale.ROOT), seconds(start));
            out.flush();

            Dataset<Row> train = data.filter(col(SPLIT_COLUMN).geq(config.holdout())).drop(SPLIT_COLUMN);
            Dataset<Row> holdout = data.filter(col(SPLIT_COLUMN).lt(config.holdout())).drop(SPLIT_COLUMN);
            LogisticParams p = config.logistic();
            LogisticRegression lr = new LogisticRegression()
                    .setFamily("binomial")
                    .setLabelCol("label")
                    .setFeaturesCol("features")
                    .setMaxIter(p.maxIter())
                    .setRegParam(p.regParam())
                    .setElasticNetParam(p.elasticNetParam())
                    .setTol(p.tol())
                    .setStandardization(p.standardization())
                    .setFitIntercept(p.fitIntercept())
                    .setThreshold(p.threshold());
            long fitStart = System.nanoTime();
            LogisticRegressionModel model = lr.fit(train);
            int iterations = model.hasSummary() ? model.summary().totalIterations() : -1;
            double[] weights = model.coefficients().toArray();
            double intercept = model.intercept();
            out.printf(Locale.ROOT, "%s: Fitted logistic regression in %.1f seconds (%d iterations)%n", Instant.now(),
                    seconds(fitStart), iterations);
            out.flush();

            Dataset<Row> predictions = model.transform(holdout).select("label", "features", "probability",
                    "prediction").persist(StorageLevel.MEMORY_AND_DISK());
            long holdoutRows = predictions.count();
            long trainRows = stats.rows - holdoutRows;
            if (trainRows == 0) {
                predictions.unpersist();
                throw new BadInputException("input " + input.location() + " has " + stats.rows
                        + " rows and the holdout took all of them: give more rows or a smaller --holdout");
            }
            Map<String, Double> metrics = holdoutRows == 0 ? Map.of() : metrics(predictions);
            double parity = holdoutRows == 0 ? Double.NaN
                    : parity(predictions, weights, intercept, p.threshold());

            Map<String, String> parameters = new LinkedHashMap<>(p.asParameters());
            parameters.put("iterations", Integer.toString(iterations));
            TrainedModel trained = new TrainedModel(weights, intercept, p.threshold(), metrics, trainRows,
                    holdoutRows, TRAINER, spark.version(), parameters, parity);
            return new Fit(trained, model, predictions);
        } finally {
            data.unpersist();
        }
    }

    private record Stats(long rows, long ones) {
    }

    /** Counts and checks the rows (one pass, which also fills the cache). */
    private static Stats stats(Dataset<Row> data, InputFiles input, int sensors) throws BadInputException {
        boolean checkSizes = input.format() == InputFormat.PARQUET;
        Dataset<Row> withSize = checkSizes
                ? data.withColumn("n", size(org.apache.spark.ml.functions.vector_to_array(col("features"), "float64")))
                : data.withColumn("n", lit(sensors));
        Row r = withSize.agg(
                count(lit(1)),
                sum(when(col("label").equalTo(1.0), 1L).otherwise(0L)),
                sum(when(col("label").equalTo(0.0).or(col("label").equalTo(1.0)), 0L).otherwise(1L)),
                min(col("n")),
                max(col("n"))).head();
        long rows = r.getLong(0);
        if (rows == 0) {
            throw new BadInputException("input " + input.location() + " has no rows to train on");
        }
        long ones = r.getLong(1);
        long badLabels = r.getLong(2);
        if (badLabels > 0) {
            throw new BadInputException("input " + input.location() + ": " + badLabels
                    + " rows have a label other than 0 or 1: labels must be 0 (healthy) or 1 (needs attention)");
        }
        int minSize = ((Number) r.get(3)).intValue();
        int maxSize = ((Number) r.get(4)).intValue();
        if (minSize != maxSize) {
            throw new BadInputException("input " + input.location() + ": rows have between " + minSize + " and "
                    + maxSize + " features: every row needs the same number of sensor values");
        }
        if (ones == 0 || ones == rows) {
            throw new BadInputException("input " + input.location() + ": all " + rows + " rows are labelled "
                    + (ones == 0 ? 0 : 1) + ": a classifier needs rows of both labels");
        }
        return new Stats(rows, ones);
    }

    private static Map<String, Double> metrics(Dataset<Row> predictions) {
        Map<String, Double> m = new LinkedHashMap<>();
        BinaryClassificationEvaluator evaluator = new BinaryClassificationEvaluator()
                .setLabelCol("label")
                .setRawPredictionCol("probability")
                .setNumBins(0);
        long positives = 0;
        long negatives = 0;
        long tp = 0;
        long fp = 0;
        List<Row> counts = predictions.groupBy("label", "prediction").count().collectAsList();
        for (Row r : counts) {
            boolean positive = r.getDouble(0) == 1.0;
            boolean flagged = r.getDouble(1) == 1.0;
            long n = r.getLong(2);
            if (positive) {
                positives += n;
                tp += flagged ? n : 0;
            } else {
                negatives += n;
                fp += flagged ? n : 0;
            }
        }
        // Spark's evaluator divides by zero with a single class; such a holdout has no AUC.
        if (positives > 0 && negatives > 0) {
            HoldoutMetrics.putIfFinite(m, Metrics.AUC, evaluator.setMetricName("areaUnderROC").evaluate(predictions));
        }
        if (positives > 0) {
            HoldoutMetrics.putIfFinite(m, Metrics.PR_AUC, evaluator.setMetricName("areaUnderPR").evaluate(predictions));
        }
        m.putAll(new HoldoutMetrics.Confusion(tp, fp, negatives - fp, positives - tp).asMetrics());
        return m;
    }

    /**
     * max |p(artifact) − p(Spark)| over the holdout, where p(artifact) is {@link LogisticScorer} on an artifact with
     * exactly the exported weights (which is all that scoring depends on).
     */
    private static double parity(Dataset<Row> predictions, double[] weights, double intercept, double threshold) {
        ModelArtifact probe = ModelArtifact.builder("parity-check", "0")
                .features(FeatureSpec.sensors(weights.length))
                .weights(weights)
                .intercept(intercept)
                .threshold(threshold)
                .provenance(new Provenance(TRAINER, "0", Map.of(), "memory:", "none", 0, Instant.EPOCH, null, null))
                .build();
        return predictions.select("features", "probability")
                .javaRDD()
                .mapPartitions(new MaxAbsDiff(ModelJson.write(probe)))
                .fold(0.0, (a, b) -> Math.max(a, b));
    }

    /** One partition's max |Δ|, scoring with the artifact as the streaming scorer will. */
    private static final class MaxAbsDiff implements FlatMapFunction<Iterator<Row>, Double>, Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] artifactJson;

        MaxAbsDiff(byte[] artifactJson) {
            this.artifactJson = artifactJson;
        }

        @Override
        public Iterator<Double> call(Iterator<Row> rows) throws Exception {
            LogisticScorer scorer = new LogisticScorer(ModelJson.read(artifactJson));
            double max = 0;
            while (rows.hasNext()) {
                Row r = rows.next();
                double mine = scorer.probability(((Vector) r.get(0)).toArray());
                double spark = ((Vector) r.get(1)).apply(1);
                max = Math.max(max, Math.abs(mine - spark));
            }
            return List.of(max).iterator();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
