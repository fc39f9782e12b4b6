package io.iotstream.training.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.model.Metrics;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.cli.S3Flags;
import io.iotstream.model.store.LiveEntry;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.training.io.HadoopS3;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.io.InputFormat;
import io.iotstream.training.train.ArtifactFactory;
import io.iotstream.training.train.Engine;
import io.iotstream.training.train.LogisticParams;
import io.iotstream.training.train.ModelOutput;
import io.iotstream.training.train.ModelPublisher;
import io.iotstream.training.train.Promotion;
import io.iotstream.training.train.PromotionGate;
import io.iotstream.training.train.SgdParams;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code train}: the original benchmark's {@code iottrain}, with holdout metrics, export, publication and a gate. */
@Command(name = "train",
        aliases = "iottrain",
        description = {
            "Train, evaluate, export and publish the model (the original's iottrain).",
            "Fits a logistic regression on labelled rows (CSV or Parquet), evaluates it",
            "on a seeded holdout, and writes model.json + model.pmml and/or publishes it."
        })
final class TrainCommand extends Subcommand {

    /** Exit code when the model was published but the promotion gate refused to make it live. */
    static final int GATE_REFUSED = 3;

    @Parameters(index = "0", paramLabel = "<input>",
            description = "Training data: a file or directory; path or file://, hdfs://, s3a:// URI.")
    String input;

    @Option(names = "--format", paramLabel = "<auto|csv|parquet>", defaultValue = "auto",
            description = "Input format (default: ${DEFAULT-VALUE}, from the first data file).")
    String format;

    @Option(names = "--holdout", paramLabel = "<share>", defaultValue = "0.3",
            description = "Share of rows held out for evaluation (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--seed", paramLabel = "<seed>", defaultValue = "42",
            description = "Seed of the split and of Tribuo's SGD (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--engine", paramLabel = "<spark|tribuo>", defaultValue = "spark",
            description = "spark (Spark ML) or tribuo (in this JVM, no Spark). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--max-iter", paramLabel = "<n>", defaultValue = "100", description = "Spark: maxIter.")
    int maxIter;

    @Option(names = "--reg-param", paramLabel = "<x>", defaultValue = "0.0", description = "Spark: regParam.")
    double regParam;

    @Option(names = "--elastic-net-param", paramLabel = "<x>", defaultValue = "0.0",
            description = "Spark: elasticNetParam (0 = L2, 1 = L1).")
    double elasticNetParam;

    @Option(names = "--tol", paramLabel = "<x>", defaultValue = "1e-6", description = "Spark: tol.")
    double tol;

    @Option(names = "--standardization", paramLabel = "<true|false>", defaultValue = "true", arity = "1",
            description = "Spark: standardization.")
    boolean standardization;

    @Option(names = "--fit-intercept", paramLabel = "<true|false>", defaultValue = "true", arity = "1",
            description = "Spark: fitIntercept.")
    boolean fitIntercept;

    @Option(names = "--threshold", paramLabel = "<p>", defaultValue = "0.5",
            description = "Decision threshold: attention when p > threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--epochs", paramLabel = "<n>", defaultValue = "5", description = "Tribuo: epochs.")
    int epochs;

    @Option(names = "--learning-rate", paramLabel = "<x>", defaultValue = "1.0",
            description = "Tribuo: AdaGrad learning rate.")
    double learningRate;

    @Option(names = "--adagrad-epsilon", paramLabel = "<x>", defaultValue = "0.1",
            description = "Tribuo: AdaGrad epsilon.")
    double adagradEpsilon;

    @Option(names = "--minibatch", paramLabel = "<n>", defaultValue = "1", description = "Tribuo: minibatch size.")
    int minibatch;

    @Option(names = "--name", paramLabel = "<name>", defaultValue = TrainConfig.DEFAULT_NAME,
            description = "Model name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--model-version", paramLabel = "<version>",
            description = "Model version (default: the training time, e.g. 20260301T080000Z).")
    String modelVersion;

    @Option(names = {"-o", "--output"}, paramLabel = "<dir>",
            description = "Write model.json and model.pmml into this directory (path or Hadoop URI).")
    String output;

    @Option(names = "--publish", paramLabel = "<store>",
            description = "Publish to this model store: s3://bucket/prefix, file:///dir or a path.")
    String publish;

    @Option(names = "--promote", description = "With --publish: make the version live.")
    boolean promote;

    @Option(names = "--promote-if", paramLabel = "<gate>",
            description = "With --publish: make the version live only if the gate passes, e.g. 'auc>=0.97' "
                    + "(conditions joined by ',' or '&&'); exit 3 if it does not.")
    String promoteIf;

    @Option(names = "--max-regression", paramLabel = "<x>", defaultValue = "0.01",
            description = "With --promote-if: how much worse than the live model a gated metric may be "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxRegression;

    @Option(names = "--by", paramLabel = "<who>", description = "Who promotes (default: user name).")
    String by;

    @Option(names = "--git-sha", paramLabel = "<sha>",
            description = "Commit of the trainer, for provenance (env: IOTSTREAM_GIT_SHA).")
    String gitSha;

    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark master, e.g. local[4] (env: IOTSTREAM_SPARK_MASTER; default: spark-submit's, "
                    + "else local[*]).")
    String master;

    @Mixin
    S3Flags s3;

    @Override
    int run() throws Exception {
        if (promote && promoteIf != null) {
            throw new IllegalArgumentException("give --promote or --promote-if, not both");
        }
        Promotion promotion = promoteIf != null ? Promotion.GATE : promote ? Promotion.ALWAYS : Promotion.NONE;
        PromotionGate gate = promoteIf != null ? PromotionGate.parse(promoteIf, maxRegression) : null;
        TrainConfig config = new TrainConfig(input, InputFormat.parse(format), holdout, seed, Engine.parse(engine),
                new LogisticParams(maxIter, regParam, elasticNetParam, tol, standardization, fitIntercept, threshold),
                new SgdParams(epochs, learningRate, adagradEpsilon, minibatch), name, modelVersion, output, publish,
                promotion, gate, by != null ? by : parent.user(), parent.gitSha(gitSha));
        StoreOptions storeOptions = parent.storeOptions(s3);
        PrintWriter out = out();
        long start = System.nanoTime();

        // Open the store first: a bad location fails before an hour of training, not after.
        try (ModelStore store = config.publish() == null ? null : ModelStores.open(config.publish(), storeOptions)) {
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

            if (config.output() != null) {
                String json = ModelOutput.write(conf, config.output(), artifact);
                out.println("wrote " + artifact.id() + " " + artifact.checksum() + " to " + json + " (and model.pmml)");
            }
            int code = ExitCode.OK;
            if (store != null) {
                ModelPublisher.Outcome outcome = ModelPublisher.publish(store, artifact, config.promotion(),
                        config.gate(), config.promotedBy());
                out.println("published " + artifact.id() + " " + outcome.published().checksum() + " to "
                        + outcome.published().location());
                outcome.decision().ifPresent(d -> d.reasons().forEach(r -> out.println("  gate: " + r)));
                if (outcome.promoted()) {
                    LiveEntry live = outcome.live().orElseThrow().live();
                    out.println(artifact.name() + ": live version is " + live.version() + " (promoted by "
                            + live.promotedBy() + ")");
                } else if (config.promotion() == Promotion.GATE) {
                    out.println(artifact.id() + " was NOT promoted: the gate refused it (exit " + GATE_REFUSED + ")");
                    code = GATE_REFUSED;
                }
            }
            if (config.output() == null && store == null) {
                out.println("no --output or --publish: the model was evaluated but not written");
            }
            out.printf(Locale.ROOT, "%s: Trained %s in %.1f seconds%n", Instant.now(), artifact.id(),
                    (System.nanoTime() - start) / 1e9);
            out.flush();
            return code;
        }
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
