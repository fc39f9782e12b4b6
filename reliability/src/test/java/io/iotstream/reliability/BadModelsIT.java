package io.iotstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bad models reaching a real scorer process that trusts two Ed25519 keys ({@code IOTSTREAM_TRUSTED_KEYS}, as an
 * operator configures it; two keys for rotation): each bad candidate is made live in the S3 store in turn, and each
 * is refused, counted under its reason in {@code /metrics}, logged exactly once, while the last good model keeps
 * serving and scoring. A good model signed with the second key then swaps in.
 *
 * <p>Damaged artifacts are written as a broken upload or an attacker would leave them: the stored
 * {@code model.json} is changed after publishing, and the live pointer is copied from a scratch prefix where the
 * intact version was promoted ({@code promote} itself refuses a damaged version).
 */
class BadModelsIT {

    private static final int SENSORS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Under target/, not a temp dir: the scorer's log stays there for a failure's post-mortem. */
    private final Path dir = WorkDirs.create(getClass());

    @Test
    void shouldRefuseCountAndLogOnceEveryBadModelAndKeepServingTheLastGoodOne() throws Exception {
        KeyPair first = ModelSigner.generateKeyPair();
        KeyPair second = ModelSigner.generateKeyPair();
        ModelSigner.writeKeyPair(first, dir.resolve("keys"), "first");
        ModelSigner.writeKeyPair(second, dir.resolve("keys"), "second");
        ModelSigner.writeKeyPair(ModelSigner.generateKeyPair(), dir.resolve("other-keys"), "stranger");
        ModelSigner signer = ModelSigner.of(first);
        ModelSigner stranger = ModelSigner.fromPemFile(dir.resolve("other-keys").resolve("stranger.key"));
        try (Stack stack = new Stack(KafkaBroker.shared(), S3ProxyServer.shared(),
                ApicurioRegistry.shared().ccompatUrl(), dir);
             ModelStore store = stack.openStore();
             ModelStore scratch = ModelStores.open(stack.storeUri() + "-scratch", stack.storeOptions());
             S3Client s3 = s3(stack)) {
            ModelArtifact v1 = Stack.ruleModel("v1", SENSORS);
            store.publish(v1, signer.sign(v1));
            store.promote(v1.name(), v1.version(), "reliability");
            Map<String, String> env = new HashMap<>(stack.env());
            env.put("IOTSTREAM_TRUSTED_KEYS", dir.resolve("keys").resolve("first.pub") + ","
                    + dir.resolve("keys").resolve("second.pub"));
            try (ScorerProcess scorer = ScorerProcess.start("trusting", stack.settings("trusting",
                    ScoringConfig.EXACTLY_ONCE_V2, Map.of(ScoringConfig.MODEL_POLL_INTERVAL_MS, "300")), env, dir)) {
                Await.until("the scorer is ready, serving the signed v1", TIMEOUT, () -> {
                    scorer.requireAlive();
                    return serves(scorer, "v1") && scorer.get("/health/ready").statusCode() == 200;
                });

                ModelArtifact v2 = Stack.ruleModel("v2", SENSORS);
                store.publish(v2);
                store.promote(v2.name(), v2.version(), "reliability");
                expectRefusal(scorer, "signature", 1);

                ModelArtifact v3 = Stack.ruleModel("v3", SENSORS);
                store.publish(v3, stranger.sign(v3));
                store.promote(v3.name(), v3.version(), "reliability");
                expectRefusal(scorer, "signature", 2);

                promoteDamaged(stack, store, scratch, s3, signer, Stack.ruleModel("v4", SENSORS),
                        json -> replaceOnce(json, "\"intercept\": -72.0", "\"intercept\": -71.0"));
                expectRefusal(scorer, "invalid-artifact", 1);

                promoteDamaged(stack, store, scratch, s3, signer, Stack.ruleModel("v5", SENSORS),
                        json -> json.substring(0, json.length() * 2 / 3));
                expectRefusal(scorer, "invalid-artifact", 2);

                promoteDamaged(stack, store, scratch, s3, signer, Stack.ruleModel("v6", SENSORS),
                        json -> replaceOnce(json, "4.0", "4e999"));
                expectRefusal(scorer, "invalid-artifact", 3);

                ModelArtifact v7 = ModelArtifact.builder(Stack.MODEL, "v7")
                        .features(FeatureSpec.sensors(SENSORS + 1)).weights(new double[SENSORS + 1]).intercept(0)
                        .provenance(Stack.provenance()).build();
                store.publish(v7, signer.sign(v7));
                store.promote(v7.name(), v7.version(), "reliability");
                expectRefusal(scorer, "feature-count", 1);

                // The last good model scores: every sensor high is an attention alert, from v1.
                Alert alert = sendFailingDevice(stack, "device-bad-models");
                assertThat(alert.getModelVersion()).isEqualTo("v1");

                // Polls keep seeing the last bad pointer: still one line per refusal, after two more reads.
                long polls = Math.round(scorer.metric("iotstream_model_fetch_failures_total").orElse(0));
                double reads = scorer.metric("iotstream_model_store_reads_total").orElse(0);
                Await.until("two more polls of the model store", TIMEOUT,
                        () -> scorer.metric("iotstream_model_store_reads_total").orElse(0) >= reads + 2);
                List<String> refusals = scorer.logText().lines().filter(l -> l.contains("refused")).toList();
                assertThat(refusals).as("one log line per bad model").hasSize(6);
                assertThat(refusals).allSatisfy(l -> assertThat(l).contains("still serving " + Stack.MODEL + ":v1"));
                assertThat(String.join("\n", refusals)).contains("is not signed", "which is not trusted",
                        "checksum mismatch", "invalid JSON", "not a finite double", "feature-count");
                assertThat(polls).as("no fetch failures: the store answered").isZero();

                // Rotation: a model signed with the second trusted key is accepted.
                ModelArtifact v8 = Stack.ruleModel("v8", SENSORS);
                store.publish(v8, ModelSigner.of(second).sign(v8));
                store.promote(v8.name(), v8.version(), "reliability");
                Await.until("the scorer serves v8, signed by the second trusted key", TIMEOUT, () -> serves(scorer,
                        "v8"));
                assertThat(scorer.stop()).isIn(0, 143);
                ReliabilityReport.note("Bad models (real scorer process trusting two Ed25519 keys): unsigned, "
                        + "signed by an untrusted key, checksum mismatch, truncated JSON, non-finite weight, wrong "
                        + "feature count: each refused, counted (iotstream_model_refusals_total{reason}), logged "
                        + "once; v1 kept serving; v8 signed by the second (rotated-in) key swapped in.");
            }
        }
    }

    private static boolean serves(ScorerProcess scorer, String version) {
        return scorer.metric("iotstream_model_info{name=\"" + Stack.MODEL + "\",version=\"" + version + "\"")
                .orElse(0) == 1.0;
    }

    private static void expectRefusal(ScorerProcess scorer, String reason, int count) {
        Await.until(count + " refusal(s) for reason " + reason, TIMEOUT, () -> {
            scorer.requireAlive();
            return scorer.metric("iotstream_model_refusals_total{reason=\"" + reason + "\"").orElse(0) == count;
        });
        assertThat(serves(scorer, "v1")).as("v1 still serves after a %s refusal", reason).isTrue();
        assertThat(scorer.get("/health/ready").statusCode()).isEqualTo(200);
    }

    /** Sends readings that put a device in attention and returns its alert. */
    private static Alert sendFailingDevice(Stack stack, String device) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers(),
                "schema.registry.url", stack.registry);
        AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        try (KafkaProducer<String, SensorReading> producer = new KafkaProducer<>(config, new StringSerializer(),
                serializer)) {
            for (int s = 1; s <= SENSORS; s++) {
                producer.send(new ProducerRecord<>(stack.input, device,
                        new SensorReading(device, s, 0.95, Instant.now())));
            }
            producer.flush();
        }
        return Await.until("an alert for " + device, TIMEOUT, () -> Reconciliation.of(stack,
                Stack.ruleModel("v1", SENSORS)).alerts().stream().filter(a -> a.getDeviceId().equals(device))
                .findFirst().orElse(null));
    }

    /**
     * Publishes {@code artifact} signed, damages its stored {@code model.json}, and makes it live with the pointer
     * {@code promote} writes for the intact version.
     */
    private static void promoteDamaged(Stack stack, ModelStore store, ModelStore scratch, S3Client s3,
            ModelSigner signer, ModelArtifact artifact, UnaryOperator<String> damage) {
        store.publish(artifact, signer.sign(artifact));
        scratch.publish(artifact);
        scratch.promote(artifact.name(), artifact.version(), "reliability");
        String base = stack.prefix + "/" + artifact.name();
        String jsonKey = base + "/versions/" + artifact.version() + "/model.json";
        String json = s3.getObjectAsBytes(b -> b.bucket(stack.bucket).key(jsonKey)).asString(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(stack.bucket).key(jsonKey), RequestBody.fromString(damage.apply(json)));
        byte[] pointer = s3.getObjectAsBytes(b -> b.bucket(stack.bucket).key(stack.prefix + "-scratch/"
                + artifact.name() + "/live.json")).asByteArray();
        s3.putObject(b -> b.bucket(stack.bucket).key(base + "/live.json"), RequestBody.fromBytes(pointer));
    }

    private static S3Client s3(Stack stack) {
        return S3Client.builder().endpointOverride(stack.s3.endpoint()).forcePathStyle(true)
                .region(Region.of(stack.s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.s3.accessKey(), stack.s3.secretKey())))
                .build();
    }

    private static String replaceOnce(String text, String from, String to) {
        int i = text.indexOf(from);
        if (i < 0) {
            throw new AssertionError("'" + from + "' not in the artifact:\n" + text);
        }
        return text.substring(0, i) + to + text.substring(i + from.length());
    }
}
