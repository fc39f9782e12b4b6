package io.iotstream.training.cli;

import io.iotstream.training.io.InputFormat;
import io.iotstream.training.train.Engine;
import io.iotstream.training.train.LogisticParams;
import io.iotstream.training.train.Promotion;
import io.iotstream.training.train.PromotionGate;
import io.iotstream.training.train.SgdParams;
import io.iotstream.training.train.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code train} and {@code retrain} share: the input, the split, the engine and its parameters, the model's
 * name and version, provenance and storage settings. Each command adds what it does with the model.
 */
final class TrainOptions {

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

    @Option(names = "--git-sha", paramLabel = "<sha>",
            description = "Commit of the trainer, for provenance (env: IOTSTREAM_GIT_SHA).")
    String gitSha;

    @Mixin
    SparkFlags spark;

    /** The training described by these options plus what the command does with the model. */
    TrainConfig config(TrainingCommand parent, String output, String publish, Promotion promotion,
            PromotionGate gate, String promotedBy) {
        return new TrainConfig(input, InputFormat.parse(format), holdout, seed, Engine.parse(engine),
                new LogisticParams(maxIter, regParam, elasticNetParam, tol, standardization, fitIntercept, threshold),
                new SgdParams(epochs, learningRate, adagradEpsilon, minibatch), name, modelVersion, output, publish,
                promotion, gate, promotedBy != null ? promotedBy : parent.user(), parent.gitSha(gitSha));
    }
}
