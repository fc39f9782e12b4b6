package io.iotstream.stack.demo;

import io.iotstream.schemas.kafka.Topics;
import io.iotstream.stack.StackServiceKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's steps as commands of the launcher, from its config and the stack's endpoints: a pure function, so
 * that a test sees exactly what a run starts. Names of topics, locations and the model are fixed here.
 *
 * @param config what the user asked for
 * @param stack where the services listen
 * @param runId distinguishes this run's model versions from earlier runs' in the kept store ({@code
 *     20261125-160102})
 * @param httpPort the scorer's operator endpoint (health, metrics) on 127.0.0.1
 */
public record DemoPlan(DemoConfig config, StackEndpoints stack, String runId, int httpPort) {

    public static final String MODEL_NAME = "sensor-failure";
    // The default topics of schemas' catalogue: the demo runs what a user runs, not its own names.
    public static final String INPUT_TOPIC = Topics.SENSOR_READINGS;
    public static final String ALERTS_TOPIC = Topics.ALERTS;
    public static final String ERROR_TOPIC = Topics.SCORING_DEAD_LETTERS;
    public static final String MODEL_EVENTS_TOPIC = Topics.MODEL_EVENTS;
    /** Partitions of the demo's readings (and alerts) topic. */
    public static final int TOPIC_PARTITIONS = 4;
    public static final String APPLICATION_ID = "iotstream-demo";
    public static final String DATA_URI = "s3a://" + StackServiceKind.S3_BUCKET + "/demo/data";
    public static final String STORE_URI = "s3://" + StackServiceKind.S3_BUCKET + "/demo/models";

    /** The version of the first ({@code 1}) or second ({@code 2}) model. */
    public String modelVersion(int model) {
        return runId + "." + model;
    }

    /** Where the S3 server keeps an {@code s3://} or {@code s3a://} location on disk. */
    public Path onDisk(String uri) {
        String key = uri.substring(uri.indexOf("://") + 3);
        return config.home().resolve(StackServiceKind.S3.id()).resolve(StackServiceKind.S3_DATA_FOLDER)
                .resolve(key);
    }

    public Path groundTruth() {
        return config.workDir().resolve("ground-truth.json");
    }

    public Path scorerLog() {
        return config.workDir().resolve("scorer.log");
    }

    public Path simulatorLog() {
        return config.workDir().resolve("simulate.log");
    }

    /** {@code iotgen}: labelled Parquet rows to the stack's S3. */
    public ChildCommand gen() {
        return command(String.format(Locale.ROOT, "iotgen: %,d rows x %d sensors, Parquet, to %s", config.rows(),
                config.sensors(), DATA_URI), trainingMemory(), "gen", Long.toString(config.rows()),
                Integer.toString(config.sensors()), Integer.toString(config.partitions()), DATA_URI,
                "--format", "parquet", "--seed", Long.toString(config.seed()), "--overwrite",
                "--s3-endpoint", stack.s3Endpoint());
    }

    /**
     * {@code iottrain}: the first model on Spark, the second with {@link DemoConfig#secondEngine()}; each is
     * published to the store and promoted, which is what the scorer follows.
     */
    public ChildCommand train(int model) {
        String engine = model == 1 ? "spark" : config.secondEngine();
        return command("iottrain: model " + modelVersion(model) + " (" + engine + "), publish to " + STORE_URI
                + " and promote", trainingMemory(), "train", DATA_URI, "--engine", engine,
                "--seed", Long.toString(41 + model), "--name", MODEL_NAME, "--model-version", modelVersion(model),
                "--publish", STORE_URI, "--promote", "--by", "iotstream-demo", "--s3-endpoint", stack.s3Endpoint());
    }

    /**
     * The scorer's topics and subjects, as an operator creates them ({@code topics create}). Four partitions: room
     * for a second scorer instance, and no more tasks than the demo's few devices keep busy.
     */
    public ChildCommand topics() {
        return command("topics: the scorer's topics and subjects, from the topic catalogue", "-Xmx256m",
                "topics", "create", "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry-url", stack.schemaRegistryUrl(),
                "--input-topic", INPUT_TOPIC, "--alerts-topic", ALERTS_TOPIC, "--error-topic", ERROR_TOPIC,
                "--model-events-topic", MODEL_EVENTS_TOPIC, "--input-partitions", Integer.toString(TOPIC_PARTITIONS));
    }

    /**
     * The scorer, following the live model. {@code alerts.emit=all} so that devices in attention keep alerting
     * (STATUS) and the model that scored them shows after a swap; the demo prints those only when the model changes.
     */
    public ChildCommand score() {
        return command("the scorer (Kafka Streams), following " + STORE_URI + "/" + MODEL_NAME, "-Xmx512m",
                "score", "run", "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry-url", stack.schemaRegistryUrl(),
                "--application-id", APPLICATION_ID,
                "--input-topic", INPUT_TOPIC, "--alerts-topic", ALERTS_TOPIC, "--error-topic", ERROR_TOPIC,
                "--model-events-topic", MODEL_EVENTS_TOPIC,
                "--model-uri", STORE_URI + "/" + MODEL_NAME,
                "--model-poll-interval-ms", Long.toString(config.modelPollInterval().toMillis()),
                "--alerts-emit", "all",
                "--state-dir", config.workDir().resolve("scorer-state").toString(),
                "--http-bind-address", "127.0.0.1", "--http-port", Integer.toString(httpPort),
                "--s3-endpoint", stack.s3Endpoint(), "--s3-path-style", "true", "--s3-region", stack.s3Region());
    }

    /** The fleet: paced readings to Kafka, some devices failing after {@link DemoConfig#faultAfter()}. */
    public ChildCommand simulate() {
        return command(String.format(Locale.ROOT, "simulator: %d devices x %d sensors, %,d events/s, %d faulty after"
                + " %d s", config.devices(), config.sensors(), config.rate(), config.faultyDevices(),
                config.faultAfter().toSeconds()), "-Xmx256m",
                "simulate", "--sink", "kafka", "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry-url", stack.schemaRegistryUrl(), "--topic", INPUT_TOPIC,
                "--sensors", Integer.toString(config.sensors()), "--devices", Integer.toString(config.devices()),
                "--rate", Integer.toString(config.rate()), "--seed", Long.toString(config.seed()),
                "--faulty-devices", Integer.toString(config.faultyDevices()),
                "--fault-after", config.faultAfter().toSeconds() + "s",
                "--ground-truth", groundTruth().toString());
    }

    private String trainingMemory() {
        // iotgen/iottrain default to -Xmx4g; the demo's data fits in far less, and the machine runs the rest too
        return config.rows() * (config.sensors() + 1L) * 8 > 512L * 1024 * 1024 ? "-Xmx4g" : "-Xmx1g";
    }

    private ChildCommand command(String title, String javaOpts, String... args) {
        List<String> command = new ArrayList<>();
        command.add(config.launcher().toString());
        command.addAll(List.of(args));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IOTSTREAM_HOME", config.home().toString());
        env.put("AWS_ACCESS_KEY_ID", stack.s3AccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", stack.s3SecretKey());
        env.put("AWS_REGION", stack.s3Region());
        env.put("JAVA_OPTS", javaOpts);
        return new ChildCommand(title, command, env);
    }
}
