package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.FreePorts;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.S3ProxyServer;
import io.iotstream.training.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The retrain CronJob's command against a running scorer configured like the Deployment: real Kafka broker, S3 API
 * server, a scorer child JVM that trusts only the CI key and does not poll. A passing model is promoted, announced
 * on the model-events topic, and the scorer swaps to it; a worse one is refused with exit 3, nothing is announced,
 * the live pointer stays, and the scorer keeps serving the model it had.
 */
class RetrainIT {

    private static final String BUCKET = "k8s-retrain-it";
    private static final String NAME = "sensor-failure";
    private static final int SENSORS = 10;

    @TempDir
    Path dir;

    @Test
    void shouldPromoteAPassingModelToTheRunningScorerAndRefuseAWorseOne() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        S3ProxyServer s3 = S3ProxyServer.shared();
        s3.createBucket(BUCKET);
        String id = "t" + UUID.randomUUID().toString().substring(0, 8);
        String store = "s3://" + BUCKET + "/" + id;
        Map<String, String> awsEnv = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY",
                s3.secretKey(), "AWS_REGION", s3.region(), "IOTSTREAM_S3_ENDPOINT", s3.endpoint().toString(),
                "IOTSTREAM_S3_PATH_STYLE", "true");

        Path keys = dir.resolve("keys");
        ModelSigner.writeKeyPair(ModelSigner.generateKeyPair(), keys, "ci");
        Path first = TestData.csv(dir.resolve("first.csv"), 4_000, SENSORS, 1);
        Path better = TestData.csv(dir.resolve("better.csv"), 12_000, SENSORS, 2);
        Path noisy = TestData.noisyCsv(dir.resolve("noisy.csv"), 4_000, SENSORS, 3, 0.3);

        Retrain v1 = retrain(awsEnv, first, store, "1", keys.resolve("ci.key"), List.of());
        assertThat(v1.exitCode).as(v1.out).isZero();

        // The scorer, configured as the Deployment's ConfigMap configures it, with this test's addresses.
        Map<String, String> env = new HashMap<>(Manifests.envFile(Manifests.dir().resolve("base/scorer.env")));
        for (String topic : List.of("INPUT", "ALERTS", "ERROR", "MODEL_EVENTS")) {
            String key = "IOTSTREAM_" + topic + "_TOPIC";
            env.put(key, env.get(key) + "." + id);
        }
        broker.createTopic(env.get("IOTSTREAM_INPUT_TOPIC"), 4, Map.of());
        broker.createTopic(env.get("IOTSTREAM_ALERTS_TOPIC"), 4, Map.of());
        broker.createTopic(env.get("IOTSTREAM_ERROR_TOPIC"), 1, Map.of());
        broker.createTopic(env.get("IOTSTREAM_MODEL_EVENTS_TOPIC"), 1, Map.of("cleanup.policy", "compact"));
        int port = FreePorts.find();
        env.putAll(awsEnv);
        env.put("IOTSTREAM_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("IOTSTREAM_APPLICATION_ID", "k8s-it-" + id);
        env.put("IOTSTREAM_MODEL_URI", store + "/" + NAME);
        // No polling: the scorer learns of a promotion only from retrain's model event on the topic.
        env.put("IOTSTREAM_MODEL_POLL_INTERVAL_MS", "0");
        env.put("IOTSTREAM_SCHEMA_REGISTRY_URL", "mock://k8s-it-" + id);
        env.put("IOTSTREAM_STATE_DIR", dir.resolve("state").toString());
        env.put("IOTSTREAM_HTTP_BIND_ADDRESS", "127.0.0.1");
        env.put("IOTSTREAM_HTTP_PORT", Integer.toString(port));
        env.put("IOTSTREAM_KAFKA_CONFIG", Files.writeString(dir.resolve("client.properties"), "").toString());
        env.put("IOTSTREAM_TRUSTED_KEYS", keys.resolve("ci.pub").toString());

        try (ScorerProcess scorer = ScorerProcess.start("retrain", imageClasspath(), Map.of(), env, dir)) {
            Await.until("the scorer ready and serving version 1", Duration.ofSeconds(120), () -> {
                assertThat(scorer.isAlive()).as("scorer alive; log:\n%s", scorer.tail()).isTrue();
                var ready = scorer.get("/health/ready");
                return ready != null && ready.statusCode() == 200 && scorer.servedVersion().equals(Optional.of("1"));
            });

            List<String> announce = List.of("--announce", "--bootstrap-servers", broker.bootstrapServers(),
                    "--models-topic", env.get("IOTSTREAM_MODEL_EVENTS_TOPIC"));
            Retrain v2 = retrain(awsEnv, better, store, "2", keys.resolve("ci.key"), announce);
            assertThat(v2.exitCode).as(v2.out).isZero();
            assertThat(v2.out).contains("PROMOTED " + NAME + ":2", "signed by ed25519:", "announced " + NAME + ":2 on");
            long promoted = System.nanoTime();
            Await.until("the scorer swapped to version 2 on the model event", Duration.ofSeconds(60),
                    () -> scorer.servedVersion().equals(Optional.of("2")));
            System.out.printf("[RetrainIT] from retrain's exit to the scorer serving v2 (model event, scorer polling off, "
                    + "Await checks every 10-200 ms): %d ms%n", (System.nanoTime() - promoted) / 1_000_000);
            double swaps = scorer.metricSum("iotstream_model_swaps_total");

            Retrain v3 = retrain(awsEnv, noisy, store, "3", keys.resolve("ci.key"), announce);
            assertThat(v3.exitCode).as(v3.out).isEqualTo(3);
            assertThat(v3.out).contains("REFUSED " + NAME + ":3", "live version stays 2").doesNotContain("announced");
            try (ModelStore s = ModelStores.open(store, storeOptions(s3))) {
                assertThat(s.live(NAME).orElseThrow().version()).isEqualTo("2");
                assertThat(s.list(NAME)).hasSize(3); // the refused version is published, not live
            }
            // The pointer did not move, so there is nothing to swap to: the scorer keeps version 2.
            assertThat(scorer.servedVersion()).contains("2");
            assertThat(scorer.metricSum("iotstream_model_swaps_total")).isEqualTo(swaps);
            assertThat(scorer.get("/health/ready").statusCode()).isEqualTo(200);
            System.out.printf("[RetrainIT] scorer child JVM (-Xmx384m, idle, 2 models loaded): RSS %d MiB%n",
                    scorer.residentMib());
            // As Kubernetes stops a pod: commit and close within the grace period (143: the JVM reports SIGTERM).
            assertThat(scorer.stop()).as("exit code after SIGTERM; log:\n%s", scorer.tail()).isIn(0, 143);
            assertThat(scorer.tail()).contains("Stopped");
        }

        // Read as the serving side reads it: through the model store, without Hadoop.
        List<AuditRecord> audit;
        try (ModelStore s = ModelStores.open(store, storeOptions(s3))) {
            audit = s.audit(NAME);
        }
        assertThat(audit).extracting(AuditRecord::version).containsExactly("1", "2", "3");
        assertThat(audit).extracting(AuditRecord::decision).containsExactly(AuditRecord.Decision.PROMOTED,
                AuditRecord.Decision.PROMOTED, AuditRecord.Decision.REFUSED);
        assertThat(audit.get(2).by()).isEqualTo("k8s-retrain-it");
        assertThat(audit.get(2).liveBefore()).isEqualTo(NAME + ":2");
        assertThat(audit.get(2).liveAfter()).isEqualTo(NAME + ":2");
        assertThat(audit.get(2).signedBy()).startsWith("ed25519:");
        System.out.printf("[RetrainIT] holdout auc: v1 %.5f, v2 %.5f (promoted), v3 %.5f (refused)%n",
                audit.get(0).metrics().get("auc"), audit.get(1).metrics().get("auc"), audit.get(2).metrics().get("auc"));
    }

    private record Retrain(int exitCode, String out) {
    }

    /** The CronJob's command line, in this JVM (Tribuo: no Spark), with the test's S3 settings. */
    private static Retrain retrain(Map<String, String> env, Path data, String store, String version, Path key,
            List<String> more) {
        List<String> args = new ArrayList<>(List.of("retrain", data.toString(), "--engine", "tribuo", "--store", store,
                "--name", NAME, "--model-version", version, "--gate", "auc>=0.97", "--max-regression", "0.005",
                "--by", "k8s-retrain-it", "--sign-key", key.toString()));
        args.addAll(more);
        StringWriter out = new StringWriter();
        CommandLine cli = ManifestConsistencyTest.trainingCommandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Retrain(code, out.toString());
    }

    /**
     * The scorer's jar and runtime class path, as the image holds them (no Spark, which this module's test class
     * path has for retrain): written by scoring-streams' package phase, named by failsafe's system properties.
     */
    private static List<String> imageClasspath() throws java.io.IOException {
        String jar = System.getProperty("iotstream.scorer.jar");
        String classpathFile = System.getProperty("iotstream.scorer.classpath");
        if (jar == null || classpathFile == null || !Files.exists(Path.of(jar)) || !Files.exists(Path.of(classpathFile))) {
            throw new IllegalStateException("the scorer's jar or class path is missing (" + jar + ", " + classpathFile
                    + "): build it first: mvn -pl k8s -am -DskipTests package");
        }
        return List.of(jar, Files.readString(Path.of(classpathFile)).strip());
    }

    private static StoreOptions storeOptions(S3ProxyServer s3) {
        return StoreOptions.defaults().withS3Endpoint(s3.endpoint()).withS3PathStyle(true).withRegion(s3.region())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
    }
}
