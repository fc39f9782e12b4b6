package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.S3ProxyServer;
import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.tools.model.ModelCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer on a secured cluster, as child processes configured like a Kubernetes pod: Kafka on SASL_SSL
 * (SCRAM-SHA-512 over TLS) with the non-secret settings in {@code --kafka-config} and the passwords in
 * {@code IOTSTREAM_KAFKA_PROPERTY_*} variables, S3 credentials in a secret file ({@code AWS_SHARED_CREDENTIALS_FILE},
 * the AWS default chain). Its Streams app (consumer, transactional producer, admin client for its changelog), its
 * model-events global consumer and {@code score reset}'s admin client all go through the SASL_SSL listener.
 * Everything the processes printed, and {@code /metrics}, is then searched for the secret values.
 */
class ScoringSaslSslIT {

    private static final int SENSORS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String BUCKET = "scoring-sasl-ssl";

    @TempDir
    Path dir;

    private final KafkaBroker broker = KafkaBroker.sharedSaslSsl();
    private final S3ProxyServer s3 = S3ProxyServer.shared();
    private final String prefix = "s" + UUID.randomUUID().toString().substring(0, 8);
    private final String input = "iot.sensor-readings." + prefix;
    private final String alerts = "iot.alerts." + prefix;
    private final String errors = "iot.scoring.dlq." + prefix;
    private final String modelEvents = "iot.models." + prefix;
    private final String store = "s3://" + BUCKET + "/" + prefix;

    @Test
    void shouldScoreThroughSaslSslAndNeverPrintASecret() throws Exception {
        String registry = ApicurioRegistry.shared().ccompatUrl();
        s3.createBucket(BUCKET);
        broker.createTopic(input, 2, Map.of());
        broker.createTopic(alerts, 2, Map.of());
        broker.createTopic(errors, 1, Map.of());
        broker.createTopic(modelEvents, 1, Map.of("cleanup.policy", "compact"));
        List<Path> outputs = new ArrayList<>();
        Map<String, String> env = podEnvironment(awsCredentials("credentials", s3.secretKey()));

        // model CLI: publish and promote v1 with credentials from the secret file only
        Path v1 = writeModel(Models.sensorOneHigh("v1", SENSORS));
        assertThat(runJava(ModelCommand.class, List.of("publish", store, v1.toString(), "--promote"), env,
                "model-publish-v1", outputs)).isZero();
        // ... and a wrong secret: the error must not echo it either
        String wrongSecret = "wrong-" + UUID.randomUUID();
        assertThat(runJava(ModelCommand.class, List.of("list", store),
                podEnvironment(awsCredentials("wrong-credentials", wrongSecret)), "model-list-wrong-secret",
                outputs)).isEqualTo(1);
        assertThat(Files.readString(outputs.get(outputs.size() - 1))).contains("access denied");

        String applicationId = "scorer-" + prefix;
        String metrics;
        try (ScorerProcess scorer = ScorerProcess.start("sasl", scorerSettings(registry, applicationId), env, dir);
             KafkaProducer<String, SensorReading> readings = readingProducer(registry);
             KafkaConsumer<String, Alert> alertConsumer = alertConsumer(registry)) {
            outputs.add(scorer.log());
            int port = scorer.port();
            Await.until("the scorer is ready (Kafka Streams RUNNING over SASL_SSL)", TIMEOUT,
                    () -> get(port, "/health/ready").statusCode() == 200);

            readings.send(new ProducerRecord<>(input, "hot-1", new SensorReading("hot-1", 1, 0.95, Instant.now())));
            readings.send(new ProducerRecord<>(input, "cool-1", new SensorReading("cool-1", 1, 0.05, Instant.now())));
            readings.flush();
            List<Alert> received = new ArrayList<>();
            Await.until("an ATTENTION alert for hot-1, read over SASL_SSL", TIMEOUT, () -> {
                alertConsumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                return received.stream().anyMatch(a -> a.getDeviceId().equals("hot-1")
                        && a.getKind() == AlertKind.ATTENTION) ? Boolean.TRUE : null;
            });
            assertThat(received).noneMatch(a -> a.getDeviceId().equals("cool-1"));

            // Polling is off: only the model-events global consumer can bring v2.
            ModelArtifact v2 = Models.sensorOneLow("v2", SENSORS);
            assertThat(runJava(ModelCommand.class, List.of("publish", store, writeModel(v2).toString(),
                    "--promote"), env, "model-publish-v2", outputs)).isZero();
            try (KafkaProducer<String, String> events = new KafkaProducer<>(clientConfig(), new StringSerializer(),
                    new StringSerializer())) {
                events.send(new ProducerRecord<>(modelEvents, Models.NAME,
                        new ModelEvent(Models.NAME, "v2", store, v2.checksum()).toJson())).get(30, TimeUnit.SECONDS);
            }
            Await.until("the scorer serves v2 after the model event", TIMEOUT,
                    () -> get(port, "/health/ready").body().contains("serving " + Models.NAME + ":v2"));

            metrics = get(port, "/metrics").body();
            assertThat(metrics).contains("iotstream_model_info{name=\"sensor-failure\",version=\"v2\"} 1",
                    "iotstream_alerts_total{kind=\"ATTENTION\"}");
            Path metricsFile = Files.writeString(dir.resolve("metrics.txt"), metrics);
            outputs.add(metricsFile);
            assertThat(scorer.stop()).as("exit code after SIGTERM (143: the JVM reports the signal); log:\n%s",
                    scorer.tail()).isIn(0, 143);
            assertThat(scorer.tail()).contains("Stopped");
        }

        // score reset: its own admin client, through SASL_SSL, with the same file and variables. Kafka Streams
        // does not leave its group on close, so reset refuses until the stopped member's session (6 s) expires.
        List<String> reset = List.of("reset", "--bootstrap-servers=" + broker.bootstrapServers(),
                "--application-id=" + applicationId, "--input-topic=" + input,
                "--kafka-config=" + kafkaConfigFile(), "--state-dir=" + dir.resolve("state"));
        String resetOutput = Await.until("score reset succeeds once the stopped member's session expired", TIMEOUT,
                () -> {
                    try {
                        int exit = runJava(ScoringCommand.class, reset, env, "score-reset-" + outputs.size(),
                                outputs);
                        String output = Files.readString(outputs.get(outputs.size() - 1));
                        if (exit == 0) {
                            return output;
                        }
                        assertThat(output).as("score reset failed").contains("still has 1 running instance");
                        return null;
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertThat(resetOutput).contains("deleted internal topics " + applicationId + "-device-state-changelog");

        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("SASL password", broker.scramPassword());
        secrets.put("trust store password", broker.truststorePassword());
        secrets.put("S3 secret key", s3.secretKey());
        secrets.put("wrong S3 secret key", wrongSecret);
        long bytes = 0;
        for (Path output : outputs) {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            bytes += text.length();
            secrets.forEach((what, secret) -> assertThat(text).as("%s in %s", what, output.getFileName())
                    .doesNotContain(secret));
        }
        System.out.printf("[ScoringSaslSslIT] %d secrets not found in %d outputs (%d chars)%n", secrets.size(),
                outputs.size(), bytes);
    }

    @Test
    void shouldExitWithAnAuthenticationErrorOnAWrongPassword() throws Exception {
        String registry = ApicurioRegistry.shared().ccompatUrl();
        s3.createBucket(BUCKET);
        broker.createTopic(input, 2, Map.of());
        broker.createTopic(modelEvents, 1, Map.of("cleanup.policy", "compact"));
        Map<String, String> env = podEnvironment(awsCredentials("credentials", s3.secretKey()));
        assertThat(runJava(ModelCommand.class, List.of("publish", store,
                writeModel(Models.sensorOneHigh("v1", SENSORS)).toString(), "--promote"), env, "model-publish",
                new ArrayList<>())).isZero();
        String wrongPassword = "wrong-" + UUID.randomUUID();
        env.put("IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", jaas(wrongPassword));
        long t0 = System.nanoTime();
        String output;
        try (ScorerProcess scorer = ScorerProcess.start("wrong-password",
                scorerSettings(registry, "scorer-wrong-" + prefix), env, dir)) {
            Await.until("the scorer exits on its own", TIMEOUT, () -> scorer.isAlive() ? null : Boolean.TRUE);
            assertThat(scorer.stop()).as("exit code of a failed scorer; log:\n%s", scorer.tail()).isEqualTo(1);
            output = scorer.logText();
        }
        System.out.printf("[ScoringSaslSslIT] wrong password: the scorer stopped after %d ms: %s%n",
                (System.nanoTime() - t0) / 1_000_000, output.lines().filter(l -> l.contains("refused the credentials"))
                        .findFirst().orElse("?"));
        // The start-up check meets the refusal first, before Kafka Streams starts, and names the settings to fix.
        assertThat(output).contains("refused the credentials", "invalid credentials with SASL mechanism SCRAM-SHA-512",
                "check security.protocol and sasl.*").doesNotContain(wrongPassword, broker.scramPassword());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Like a pod: no AWS key variables, the S3 endpoint and region set, the Kafka passwords as variables. */
    private Map<String, String> podEnvironment(Path awsCredentialsFile) throws IOException {
        Map<String, String> env = new HashMap<>();
        assertThat(System.getenv()).as("the test's own environment must not hold AWS keys")
                .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        env.put("AWS_SHARED_CREDENTIALS_FILE", awsCredentialsFile.toString());
        env.put("AWS_CONFIG_FILE", Files.writeString(dir.resolve("aws-config"), "").toString());
        env.put("AWS_REGION", s3.region());
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("IOTSTREAM_S3_PATH_STYLE", "true");
        env.put("IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", jaas(broker.scramPassword()));
        env.put("IOTSTREAM_KAFKA_PROPERTY_SSL_TRUSTSTORE_PASSWORD", broker.truststorePassword());
        return env;
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + KafkaBroker.SCRAM_USERNAME + "\" password=\"" + password + "\";";
    }

    /** The AWS shared credentials file, as a Kubernetes Secret would be mounted. */
    private Path awsCredentials(String name, String secret) throws IOException {
        return Files.writeString(dir.resolve(name), "[default]\naws_access_key_id = " + s3.accessKey()
                + "\naws_secret_access_key = " + secret + "\n");
    }

    /** The non-secret client settings: what a ConfigMap would hold. */
    private Path kafkaConfigFile() throws IOException {
        Path file = dir.resolve("kafka-client.properties");
        if (!Files.exists(file)) {
            Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                    + "ssl.truststore.type=PKCS12\nssl.truststore.location=" + broker.truststore() + "\n"
                    + "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
        }
        return file;
    }

    private Map<String, String> scorerSettings(String registry, String applicationId) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put(ScoringConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        s.put(ScoringConfig.KAFKA_CONFIG, kafkaConfigFile().toString());
        s.put(ScoringConfig.APPLICATION_ID, applicationId);
        s.put(ScoringConfig.INPUT_TOPIC, input);
        s.put(ScoringConfig.ALERTS_TOPIC, alerts);
        s.put(ScoringConfig.ERROR_TOPIC, errors);
        s.put(ScoringConfig.MODEL_EVENTS_TOPIC, modelEvents);
        s.put(ScoringConfig.MODEL_URI, store + "/" + Models.NAME);
        s.put(ScoringConfig.MODEL_POLL_INTERVAL_MS, "0");
        s.put(ScoringConfig.SCHEMA_REGISTRY_URL, registry);
        s.put(ScoringConfig.STATE_DIR, dir.resolve("state").toString());
        s.put(ScoringConfig.SCORING_MODE, "event");
        s.put(ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
        s.put(ScoringConfig.HTTP_PORT, "0");
        s.put(ScoringConfig.SHUTDOWN_TIMEOUT_MS, "10000");
        return s;
    }

    private Path writeModel(ModelArtifact model) throws IOException {
        return Files.write(dir.resolve(model.version() + ".json"), ModelJson.write(model));
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(broker.clientSettings());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }

    private KafkaProducer<String, SensorReading> readingProducer(String registry) {
        Map<String, Object> config = clientConfig();
        config.put("schema.registry.url", registry);
        AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    private KafkaConsumer<String, Alert> alertConsumer(String registry) {
        Map<String, Object> config = clientConfig();
        config.put("schema.registry.url", registry);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroDeserializer<Alert> deserializer = AvroDeserializer.specific(Alert.class);
        deserializer.configure(config, false);
        KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
        List<TopicPartition> partitions = List.of(new TopicPartition(alerts, 0), new TopicPartition(alerts, 1));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code mainClass args} in a child JVM with {@code env} on top of this one's, its output (stdout and
     * stderr) to a file added to {@code outputs}; returns the exit code.
     */
    private int runJava(Class<?> mainClass, List<String> args, Map<String, String> env, String name,
            List<Path> outputs) throws InterruptedException {
        Path output = dir.resolve(name + ".out");
        outputs.add(output);
        List<String> command = new ArrayList<>(List.of(ChildProcess.thisJava().toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-Daws.disableEc2Metadata=true", "-cp",
                System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        int exitCode = ChildProcess.command(command).name(name).environment(env).logFile(output).start()
                .awaitExit(TIMEOUT);
        System.out.printf("[ScoringSaslSslIT] %s: exit %d%n", name, exitCode);
        return exitCode;
    }
}
