package io.iotstream.training.cli;

import io.iotstream.model.Metrics;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.training.io.HadoopS3;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.train.ArtifactFactory;
import io.iotstream.training.train.Engine;
import io.iotstream.training.train.SparkTrainer;
import io.iotstream.training.train.TrainConfig;
import io.iotstream.training.train.TrainedModel;
import io.iotstream.training.tribuo.TribuoTrainer;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The training step {@code train} and {@code retrain} share: Spark or Tribuo, holdout metrics, the artifact with
 * its provenance, and the lines a user reads while it runs.
 */
final class ModelTraining {

    /**
     * A trained model.
     *
     * @param artifact the model with metrics and provenance
     * @param conf the Hadoop configuration it was read with (S3 settings applied), for writing next to it
     */
    record Result(ModelArtifact artifact, Configuration conf) {
    }

    private ModelTraining() {
    }

    static Result run(TrainingCommand parent, TrainConfig config, StoreOptions storeOptions, String master,
            PrintWriter out) throws Exception {
        Configuration conf;
        SparkSession spark = null;
        if (config.engine() == Engine.SPARK) {
            spark = parent.sessions().session("iottrain", parent.master(master));
            conf = spark.sparkContext().hadoopConfiguration();
        } else {
            conf = new Configuration();
        }
        HadoopS3.apply(storeOptions, conf);
        out.printf(Locale.ROOT, "%s: Training logistic regression (%s) on %s, holdout %.2f, seed %d%n",
                Instant.now(), config.engine().name().toLowerCase(Locale.ROOT), config.input(), config.holdout(),
                config.seed());
        out.flush();
        InputFiles files = InputFiles.resolve(conf, config.input(), config.inputFormat());
        TrainedModel model = config.engine() == Engine.SPARK
                ? SparkTrainer.train(spark, files, config, out)
                : TribuoTrainer.train(conf, files, config, out);
        ModelArtifact artifact = ArtifactFactory.build(model, config, files, files.fingerprint(conf),
                parent.clock().instant());
        printMetrics(out, model);
        return new Result(artifact, conf);
    }

    private static void printMetrics(PrintWriter out, TrainedModel model) {
        Map<String, Double> m = model.metrics();
        if (model.holdoutRows() == 0) {
            out.printf(Locale.ROOT, "trained on %d rows; no holdout, no metrics%n", model.trainRows());
            return;
        }
        StringBuilder line = new StringBuilder();
        for (String k : List.of(Metrics.AUC, Metrics.PR_AUC, Metrics.ACCURACY, Metrics.PRECISION, Metrics.RECALL,
                Metrics.F1)) {
            line.append(' ').append(k).append('=')
                    .append(m.containsKey(k) ? String.format(Locale.ROOT, "%.6f", m.get(k)) : "n/a");
        }
        out.printf(Locale.ROOT, "holdout (%d rows, trained on %d):%s%n", model.holdoutRows(), model.trainRows(), line);
        out.printf(Locale.ROOT, "confusion at p > %s: tp=%.0f fp=%.0f tn=%.0f fn=%.0f%n", model.threshold(),
                m.get(Metrics.TP), m.get(Metrics.FP), m.get(Metrics.TN), m.get(Metrics.FN));
        out.printf(Locale.ROOT, "parity: max |p(artifact) - p(%s)| on the holdout = %.3g%n", model.trainer(),
                model.parityMaxAbsDiff());
    }
}
