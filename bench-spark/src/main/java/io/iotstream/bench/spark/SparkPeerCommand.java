package io.iotstream.bench.spark;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.score.LogisticScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scala.Tuple3;
import scala.Tuple4;

/**
 * Runs the Spark peer over a topic the bench preloaded, once per variant, and prints one line per variant:
 * {@code result <variant> <records> <seconds>}, where seconds is the sum of the micro-batches' trigger execution
 * times (Spark's own progress reports), so the session's and the query's start-up are not counted, as the scorer's
 * rate starts at its first commit.
 *
 * <ul>
 *   <li>{@code stateful}: decode, group by device, keep each device's vector with {@code flatMapGroupsWithState},
 *       score it once per micro-batch with an MLlib {@link LogisticRegressionModel} carrying the artifact's
 *       weights, emit decision changes;
 *   <li>{@code stateless}: decode only (Spark's own ceiling for this source and format);
 *   <li>{@code latency}: the stateful pipeline over {@code --latency-topic} as the bench's simulator feeds it, in
 *       micro-batches as fast as Spark can run them; prints {@code ready} once the query runs, and when the file
 *       {@code --stop-file} appears, waits for the backlog to drain, stops, and prints
 *       {@code latency <alerts> <p50 ms> <p99 ms> <max ms>} as timed at the driver (see {@link AlertLatencies});
 *       with {@code --alerts-topic} its driver also writes each micro-batch's alerts there, for the bench to time
 *       them at a consumer as it times the scorer's.
 * </ul>
 * Both write to Spark's {@code noop} sink and run with {@code Trigger.AvailableNow}, in micro-batches of at most
 * {@code --max-offsets-per-trigger} records.
 */
@Command(name = "iotstream-bench-spark", mixinStandardHelpOptions = true,
        description = "Spark Structured Streaming peer of ./iotstream bench (run by the bench, not by hand).")
public final class SparkPeerCommand implements Callable<Integer> {

    /** Consumer settings the Kafka source sets itself and refuses as options. */
    private static final Set<String> SOURCE_MANAGED = Set.of("group.id", "auto.offset.reset", "key.deserializer",
            "value.deserializer", "enable.auto.commit", "interceptor.classes");

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "<host:port>")
    private String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*, client settings): each "
                    + "setting goes to the Kafka source as a kafka.-prefixed option. A file, not options, so that "
                    + "passwords never appear on the command line.")
    private Path kafkaConfig;

    @Option(names = "--topic", required = true, paramLabel = "<topic>")
    private String topic;

    @Option(names = "--model", required = true, paramLabel = "<model.json>",
            description = "The model artifact (JSON) the scorer serves.")
    private Path model;

    @Option(names = "--work-dir", required = true, paramLabel = "<dir>", description = "Checkpoints go here.")
    private Path workDir;

    @Option(names = "--variants", split = ",", defaultValue = "stateful,stateless",
            paramLabel = "<stateful|stateless|latency>")
    private List<String> variants;

    @Option(names = "--latency-topic", paramLabel = "<topic>", description = "The latency variant's input.")
    private String latencyTopic;

    @Option(names = "--alerts-topic", paramLabel = "<topic>",
            description = "The latency variant also writes its alerts here (value: the event time, 8 bytes), for "
                    + "the bench to time them at a consumer as it times the scorer's.")
    private String alertsTopic;

    @Option(names = "--stop-file", paramLabel = "<file>",
            description = "The latency variant stops once this file exists and its input is drained.")
    private Path stopFile;

    @Option(names = "--cores", defaultValue = "2", description = "local[N]; default: ${DEFAULT-VALUE}.")
    private int cores;

    @Option(names = "--max-offsets-per-trigger", defaultValue = "1000000",
            description = "Records per micro-batch at most; default: ${DEFAULT-VALUE}.")
    private long maxOffsetsPerTrigger;

    @Option(names = "--shuffle-partitions", defaultValue = "4",
            description = "spark.sql.shuffle.partitions (state store partitions); default: ${DEFAULT-VALUE}.")
    private int shufflePartitions;

    private Map<String, String> kafkaOptions = Map.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkPeerCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ModelArtifact artifact = ModelJson.read(model);
        kafkaOptions = kafkaOptions(kafkaConfig);
        for (String variant : variants) {
            if (!List.of("stateful", "stateless", "latency").contains(variant)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--variants: stateful, stateless or latency, not '" + variant + "'");
            }
            if (variant.equals("latency") && (latencyTopic == null || stopFile == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--variants latency needs --latency-topic and --stop-file");
            }
        }
        SparkSession spark = SparkSession.builder().appName("iotstream-bench-spark").master("local[" + cores + "]")
                .config("spark.ui.enabled", false)
                .config("spark.sql.shuffle.partitions", shufflePartitions)
                .config("spark.sql.streaming.numRecentProgressUpdates", 10_000)
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            for (String variant : variants) {
                if (variant.equals("latency")) {
                    latency(spark, artifact, out);
                    continue;
                }
                double[] measured = run(spark, artifact, variant);
                out.printf(Locale.ROOT, "result %s %d %.3f%n", variant, (long) measured[0], measured[1]);
                out.flush();
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    /**
     * The Kafka source options of a client properties file: {@code kafka.<key>} for each setting, except those the
     * source manages itself and refuses (deserializers, offsets, commits, interceptors).
     */
    static Map<String, String> kafkaOptions(Path file) throws IOException {
        Map<String, String> options = new HashMap<>();
        if (file == null) {
            return options;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!SOURCE_MANAGED.contains(key)) {
                options.put("kafka." + key, properties.getProperty(key).trim());
            }
        }
        return options;
    }

    private Dataset<Tuple4<String, Integer, Double, Long>> readings(SparkSession spark, String topic,
            Long perTrigger) {
        var reader = spark.readStream().format("kafka")
                .options(kafkaOptions)
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest");
        if (perTrigger != null) {
            reader = reader.option("maxOffsetsPerTrigger", perTrigger);
        }
        Dataset<byte[]> values = reader.load().select("value").as(Encoders.BINARY());
        return values.mapPartitions(new ReadingDecoder(),
                Encoders.tuple(Encoders.STRING(), Encoders.INT(), Encoders.DOUBLE(), Encoders.LONG()));
    }

    private static Dataset<Tuple3<String, Double, Long>> alerts(
            Dataset<Tuple4<String, Integer, Double, Long>> readings, ModelArtifact artifact) {
        LogisticScorer scorer = new LogisticScorer(artifact);
        LogisticRegressionModel mllib = new LogisticRegressionModel("iotstream-" + artifact.id(),
                Vectors.dense(artifact.weights()), artifact.intercept());
        return readings.groupByKey(new DeviceKey(), Encoders.STRING())
                .flatMapGroupsWithState(new DeviceScoring(mllib, artifact.features().count(),
                        scorer.neutralValue(), scorer.threshold()), OutputMode.Update(),
                        Encoders.kryo(DeviceVector.class),
                        Encoders.tuple(Encoders.STRING(), Encoders.DOUBLE(), Encoders.LONG()),
                        GroupStateTimeout.NoTimeout());
    }

    private double[] run(SparkSession spark, ModelArtifact artifact, String variant)
            throws TimeoutException, StreamingQueryException {
        Dataset<Tuple4<String, Integer, Double, Long>> readings = readings(spark, topic, maxOffsetsPerTrigger);
        Dataset<?> output;
        String mode;
        if (variant.equals("stateful")) {
            output = alerts(readings, artifact);
            mode = "update";
        } else {
            output = readings;
            mode = "append";
        }
        StreamingQuery query = output.writeStream().format("noop").outputMode(mode)
                .option("checkpointLocation", workDir.resolve("checkpoint-" + variant).toString())
                .trigger(Trigger.AvailableNow()).start();
        query.awaitTermination();
        long rows = 0;
        long millis = 0;
        for (StreamingQueryProgress p : query.recentProgress()) {
            if (p.numInputRows() > 0) {
                rows += p.numInputRows();
                Long ms = p.durationMs().get("triggerExecution");
                millis += ms == null ? 0 : ms;
            }
        }
        return new double[] {rows, millis / 1000.0};
    }

    private void latency(SparkSession spark, ModelArtifact artifact, PrintWriter out)
            throws TimeoutException, StreamingQueryException, InterruptedException {
        Map<String, Object> producerConfig = new HashMap<>();
        kafkaOptions.forEach((key, value) -> producerConfig.put(key.substring("kafka.".length()), value));
        producerConfig.put("bootstrap.servers", bootstrapServers);
        // Latency, not throughput: what a micro-batch emits is sent at once.
        producerConfig.putIfAbsent("linger.ms", "0");
        AlertLatencies sink = new AlertLatencies(alertsTopic, producerConfig);
        StreamingQuery query = alerts(readings(spark, latencyTopic, null), artifact).writeStream()
                .outputMode("update").foreachBatch(sink)
                .option("checkpointLocation", workDir.resolve("checkpoint-latency").toString()).start();
        out.println("ready");
        out.flush();
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        while (!Files.exists(stopFile) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // Drained when Spark twice in a row sees no new data and runs no batch.
        long drainDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int idle = 0;
        while (idle < 2 && System.nanoTime() < drainDeadline) {
            Thread.sleep(250);
            var status = query.status();
            idle = !status.isDataAvailable() && !status.isTriggerActive() ? idle + 1 : 0;
        }
        query.stop();
        sink.close();
        long[] sorted = sink.sorted();
        if (sorted.length == 0) {
            out.println("latency 0 0 0 0");
        } else {
            out.printf(Locale.ROOT, "latency %d %d %d %d%n", sorted.length, sorted[sorted.length / 2],
                    sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))], sorted[sorted.length - 1]);
        }
        out.flush();
    }
}
