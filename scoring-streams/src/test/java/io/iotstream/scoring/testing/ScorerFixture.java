package io.iotstream.scoring.testing;

import io.iotstream.cli.settings.SettingNames;
import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.cli.topics.TopicsCommand;
import io.iotstream.devservices.KafkaService;
import io.iotstream.devservices.S3ProxyServer;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.ScoringConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A scorer's world on the dev-services services, for one test: its own topics (a fresh prefix on the shared
 * broker, created here), its own model store (that prefix in an S3 bucket), the schema registry, and the settings
 * that point a scorer at them. Modules' fixtures extend it with what their tests add (clients, scenarios).
 */
public class ScorerFixture {

    /** Partitions of the input and alerts topics: enough for two instances to share the work. */
    public static final int PARTITIONS = 4;

    public final KafkaService broker;
    public final S3ProxyServer s3;
    public final String registry;
    public final String bucket;
    public final String prefix;
    public final String input;
    public final String alerts;
    public final String errors;
    public final String modelEvents;
    /** Partitions of this fixture's input and alerts topics. */
    public final int partitions;

    /** Creates the bucket and the four topics ({@code topics create}), named {@code iot.<thing>.<prefix>}. */
    protected ScorerFixture(KafkaService broker, S3ProxyServer s3, String registry, String bucket, String prefix) {
        this(broker, s3, registry, bucket, prefix, PARTITIONS);
    }

    /** As the other constructor, with {@code partitions} input (and alerts) partitions. */
    protected ScorerFixture(KafkaService broker, S3ProxyServer s3, String registry, String bucket, String prefix,
            int partitions) {
        this.partitions = partitions;
        this.broker = broker;
        this.s3 = s3;
        this.registry = registry;
        this.bucket = bucket;
        this.prefix = prefix;
        this.input = "iot.sensor-readings." + prefix;
        this.alerts = "iot.alerts." + prefix;
        this.errors = "iot.scoring.dlq." + prefix;
        this.modelEvents = "iot.models." + prefix;
        s3.createBucket(bucket);
        createTopics();
    }

    /** As an operator does it: {@code topics create} with this fixture's names, so every scorer test runs on it. */
    private void createTopics() {
        Map<String, String> env = new HashMap<>(Map.of(LocalStackState.HOME_ENV, "target/no-stack-here"));
        List<String> args = new ArrayList<>(List.of("create", "--input-partitions", String.valueOf(partitions),
                "--timeout", "60", "--bootstrap-servers", broker.bootstrapServers()));
        if (broker.isSaslSsl()) {
            args.addAll(List.of("--kafka-config", broker.clientPropertiesFile().toString()));
        }
        if (registry != null && !registry.startsWith("mock:")) {
            args.addAll(List.of("--schema-registry-url", registry));
        }
        Map<String, String> names = Map.of(ScoringConfig.INPUT_TOPIC, input, ScoringConfig.ALERTS_TOPIC, alerts,
                ScoringConfig.ERROR_TOPIC, errors, ScoringConfig.MODEL_EVENTS_TOPIC, modelEvents);
        names.forEach((setting, name) -> args.addAll(List.of(SettingNames.flagName(setting), name)));
        StringWriter out = new StringWriter();
        CommandLine line = TopicsCommand.newCommandLine(new TopicsCommand(env));
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(out));
        int code = line.execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("topics create " + args + " failed (exit " + code + "):\n" + out);
        }
    }

    /** The model store: this fixture's prefix of the bucket. */
    public String storeUri() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** How this JVM reaches the store (the scorer gets the credentials through its environment). */
    public StoreOptions storeOptions() {
        return StoreOptions.defaults().withS3Endpoint(s3.endpoint()).withS3PathStyle(true).withRegion(s3.region())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
    }

    /**
     * Settings (keys of {@link ScoringConfig}) of a scorer on these topics serving model {@code modelName} of the
     * store, with its operator endpoint on a free port of the loopback; a mutable map to add to.
     */
    public Map<String, String> scorerSettings(String applicationId, Path stateDir, String modelName) {
        Map<String, String> s = new HashMap<>();
        s.put(ScoringConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        s.put(ScoringConfig.APPLICATION_ID, applicationId);
        s.put(ScoringConfig.INPUT_TOPIC, input);
        s.put(ScoringConfig.ALERTS_TOPIC, alerts);
        s.put(ScoringConfig.ERROR_TOPIC, errors);
        s.put(ScoringConfig.MODEL_EVENTS_TOPIC, modelEvents);
        s.put(ScoringConfig.MODEL_URI, storeUri() + "/" + modelName);
        s.put(ScoringConfig.SCHEMA_REGISTRY_URL, registry);
        s.put(ScoringConfig.STATE_DIR, stateDir.toString());
        s.put(ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
        s.put(ScoringConfig.HTTP_PORT, "0");
        return s;
    }

    /**
     * A {@code kafka.config} with the broker's shortest consumer session (6 s): Kafka Streams does not leave
     * the group when it closes or dies, so an instance that stopped or was killed keeps its partitions until its
     * session expires (45 s by default). Tests of takeovers and restarts would mostly wait for that.
     */
    public static Path shortSessionConfig(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("kafka-short-session.properties"),
                "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
    }
}
