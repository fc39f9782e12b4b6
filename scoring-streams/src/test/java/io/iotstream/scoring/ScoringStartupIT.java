package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.topics.TopicsCommand;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.SensorReading;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.testkit.CommandRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score run} at start and at stop, as an operator meets it: missing topics, an unreachable broker or registry
 * (each a documented exit code within {@code startup.timeout.ms}, naming the fix), and SIGTERM in every state
 * (within {@code shutdown.timeout.ms}).
 */
class ScoringStartupIT {

    private static final Map<String, String> NO_STACK = Map.of("IOTSTREAM_HOME", "target/no-stack-here");

    @TempDir
    Path dir;

    private static CommandRun score(Map<String, String> settings) {
        return CommandRun.execute(ScoringCommand.newCommandLine(new ScoringCommand(NO_STACK, Map.of())),
                args(settings));
    }

    private static String[] args(Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("run"));
        settings.forEach((k, v) -> args.add(ScoringConfig.flagName(k) + "=" + v));
        return args.toArray(String[]::new);
    }

    /** Settings of a scorer on topics nobody created yet, named after {@code id}. */
    private Map<String, String> freshTopics(KafkaFixture kafka, String id) {
        Map<String, String> s = kafka.settings("startup-" + id, dir.resolve("state"), Map.of());
        s.put(ScoringConfig.INPUT_TOPIC, "fresh.readings." + id);
        s.put(ScoringConfig.ALERTS_TOPIC, "fresh.alerts." + id);
        s.put(ScoringConfig.ERROR_TOPIC, "fresh.dlq." + id);
        s.put(ScoringConfig.MODEL_EVENTS_TOPIC, "fresh.models." + id);
        s.put(ScoringConfig.S3_ENDPOINT, kafka.s3.endpoint().toString());
        s.put(ScoringConfig.S3_REGION, kafka.s3.region());
        return s;
    }

    @Test
    void missingTopicsStopTheStartWithTheCommandThatCreatesThemAndThenItServes() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), ApicurioRegistry.shared().ccompatUrl());
        Map<String, String> settings = freshTopics(kafka, kafka.prefix);
        try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions())) {
            store.publish(Models.uniform("v1", 10));
            store.promote(Models.NAME, "v1", "it");
        }

        long start = System.nanoTime();
        CommandRun refused = score(settings);
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCode.TOPICS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(refused.err()).contains("not starting: fresh.readings." + kafka.prefix + " (readings): missing",
                "fresh.models." + kafka.prefix + " (model-events): missing", "Create the topics with: "
                        + "./iotstream topics create --input-topic fresh.readings." + kafka.prefix);

        // The fix, exactly as printed.
        String fix = refused.err().substring(refused.err().indexOf("./iotstream topics create"));
        fix = fix.substring(0, fix.indexOf(" (on Kubernetes"));
        List<String> args = new ArrayList<>(List.of(fix.substring("./iotstream topics ".length()).split(" ")));
        CommandRun created = CommandRun.execute(TopicsCommand.newCommandLine(new TopicsCommand(NO_STACK)),
                args.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.out() + created.err()).isZero();
        assertThat(created.out()).contains("created 4, found 0");

        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", kafka.s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", kafka.s3.secretKey());
        try (ScorerProcess scorer = ScorerProcess.start("startup", settings, env, dir)) {
            Await.until("the scorer serves on the topics just created", Duration.ofSeconds(90), () -> {
                scorer.requireAlive();
                var ready = scorer.get("/health/ready");
                return ready != null && ready.statusCode() == 200;
            });
        }
    }

    @Test
    void anUnreachableBrokerEndsTheStartWithinItsTimeoutNamingWhereTheSettingCameFrom() {
        Map<String, String> settings = Map.of(ScoringConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                ScoringConfig.MODEL_URI, dir.toUri() + "models/m", ScoringConfig.SCHEMA_REGISTRY_URL, "mock://x",
                ScoringConfig.STARTUP_TIMEOUT_MS, "3000", ScoringConfig.HTTP_PORT, "0",
                ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
        long start = System.nanoTime();
        CommandRun run = score(settings);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(run.err()).contains("no answer from Kafka at 127.0.0.1:1 within 3 s",
                "bootstrap.servers came from --bootstrap-servers (startup.timeout.ms)");
    }

    @Test
    void anUnreachableRegistryEndsTheStartNamingIt() {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), ApicurioRegistry.shared().ccompatUrl());
        Map<String, String> settings = kafka.settings("registry-" + kafka.prefix, dir.resolve("state"),
                Map.of(ScoringConfig.STARTUP_TIMEOUT_MS, "3000",
                        ScoringConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1/apis/ccompat/v7"));
        CommandRun run = score(settings);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("no answer from the schema registry at http://127.0.0.1:1/apis/ccompat/v7",
                "schema.registry.url came from --schema-registry-url");
    }

    @Test
    void anUnreachableModelStoreEndsTheStartNamingIt() {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), ApicurioRegistry.shared().ccompatUrl());
        Map<String, String> settings = kafka.settings("store-" + kafka.prefix, dir.resolve("state"),
                Map.of(ScoringConfig.STARTUP_TIMEOUT_MS, "5000", ScoringConfig.S3_ENDPOINT, "http://127.0.0.1:1",
                        ScoringConfig.S3_REGION, "us-east-1"));
        long start = System.nanoTime();
        CommandRun run = CommandRun.execute(ScoringCommand.newCommandLine(new ScoringCommand(Map.of(
                "IOTSTREAM_HOME", "target/no-stack-here", "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s"),
                Map.of())), args(settings));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(run.err()).contains("the model store at " + kafka.storeUri(),
                "model.uri came from --model-uri");
    }

    /**
     * The hang of issue 20: Kafka Streams' start() blocks while the global model-events store restores from brokers
     * that do not answer, and close() waited for it. Now close() returns within the shutdown timeout.
     */
    @Test
    void closingWhileTheGlobalStoreRestoresTakesNoLongerThanTheShutdownTimeout() throws Exception {
        Path models = dir.resolve("models");
        try (ModelStore store = ModelStores.open(models.toUri().toString(), StoreOptions.defaults())) {
            store.publish(Models.uniform("v1", 10));
            store.promote(Models.NAME, "v1", "it");
        }
        Map<String, String> settings = new HashMap<>(Map.of(ScoringConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                ScoringConfig.MODEL_URI, models.toUri() + "/" + Models.NAME,
                ScoringConfig.SCHEMA_REGISTRY_URL, "mock://startup-it", ScoringConfig.HTTP_PORT, "0",
                ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1", ScoringConfig.SHUTDOWN_TIMEOUT_MS, "3000",
                ScoringConfig.STATE_DIR, dir.resolve("state").toString()));
        ScoringApp app = ScoringApp.start(ScoringConfig.resolve(settings, Map.of(), null), StoreOptions.defaults(),
                Clock.systemUTC());
        Await.until("Kafka Streams is starting (its global store waiting for the brokers)", Duration.ofSeconds(30),
                () -> app.readiness().detail().contains("Kafka Streams is REBALANCING"));
        long start = System.nanoTime();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(app::close);
        closed.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3 + 5));
    }

    /** SIGTERM as Kubernetes sends it: during the start-up check, and mid-stream. */
    @Test
    void sigtermStopsTheScorerWithinTheShutdownTimeoutInEveryState() throws Exception {
        KafkaFixture kafka = new KafkaFixture(KafkaBroker.shared(), ApicurioRegistry.shared().ccompatUrl());
        try (ModelStore store = ModelStores.open(kafka.storeUri(), kafka.storeOptions())) {
            store.publish(Models.uniform("v1", 10));
            store.promote(Models.NAME, "v1", "it");
        }
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", kafka.s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", kafka.s3.secretKey());

        Map<String, String> unreachable = kafka.settings("sigterm-start-" + kafka.prefix, dir.resolve("s1"),
                Map.of(ScoringConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1", ScoringConfig.STARTUP_TIMEOUT_MS, "120000",
                        ScoringConfig.SHUTDOWN_TIMEOUT_MS, "5000"));
        try (ScorerProcess scorer = ScorerProcess.start("sigterm-start", unreachable, env, dir)) {
            Await.until("the scorer is in its start-up check", Duration.ofSeconds(60), () -> {
                scorer.requireAlive();
                return scorer.logText().contains("score: checking Kafka at 127.0.0.1:1");
            });
            Instant asked = Instant.now();
            int code = scorer.stop();
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));
            assertThat(code).isEqualTo(143);
        }

        Map<String, String> running = new HashMap<>(kafka.settings("sigterm-run-" + kafka.prefix, dir.resolve("s2"),
                Map.of(ScoringConfig.SHUTDOWN_TIMEOUT_MS, "10000", ScoringConfig.S3_ENDPOINT,
                        kafka.s3.endpoint().toString(), ScoringConfig.S3_REGION, kafka.s3.region())));
        AtomicBoolean feeding = new AtomicBoolean(true);
        try (ScorerProcess scorer = ScorerProcess.start("sigterm-run", running, env, dir);
             KafkaProducer<String, SensorReading> producer = kafka.readingProducer()) {
            CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
                long i = 0;
                while (feeding.get()) {
                    String device = "d" + (i % 50);
                    producer.send(new ProducerRecord<>(kafka.input, device, new SensorReading(device,
                            (int) (i % 10) + 1, 0.5, Instant.now())));
                    i++;
                    if (i % 500 == 0) {
                        producer.flush();
                    }
                }
            });
            Await.until("the scorer scores the stream", Duration.ofSeconds(90), () -> {
                scorer.requireAlive();
                return scorer.metricSum("iotstream_events_total") > 2_000;
            });
            Instant asked = Instant.now();
            int code = scorer.stop();
            Duration took = Duration.between(asked, Instant.now());
            feeding.set(false);
            feed.get(30, TimeUnit.SECONDS);
            assertThat(took).as("stopped mid-stream in %s", took).isLessThan(Duration.ofSeconds(10 + 3));
            assertThat(code).isEqualTo(143);
            assertThat(scorer.logText()).contains("Stopped");
        }
    }
}
