package io.iotstream.reliability;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.testing.ScorerFixture;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.KafkaService;
import io.iotstream.devservices.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One scenario's world on the dev-services services: its own topics (a fresh prefix on the broker), its own model
 * store (a fresh prefix of an S3 bucket), the registry, and the settings and environment of scorers on them.
 */
final class Stack extends ScorerFixture implements AutoCloseable {

    static final String MODEL = "sensor-failure";

    final Path dir;
    final String applicationId;
    private final Admin admin;

    Stack(KafkaService broker, S3ProxyServer s3, String registry, Path dir) {
        this(broker, s3, registry, dir, PARTITIONS);
    }

    /** A stack whose input and alerts topics have {@code partitions} partitions. */
    Stack(KafkaService broker, S3ProxyServer s3, String registry, Path dir, int partitions) {
        super(broker, s3, registry, "reliability", "r" + UUID.randomUUID().toString().substring(0, 8), partitions);
        this.dir = dir;
        this.applicationId = "reliability-" + prefix;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    Admin admin() {
        return admin;
    }

    ModelStore openStore() {
        return ModelStores.open(storeUri(), storeOptions());
    }

    /** Publishes {@code model} and makes it the live version. */
    void promote(ModelArtifact model) {
        try (ModelStore store = openStore()) {
            store.publish(model);
            store.promote(model.name(), model.version(), "reliability");
        }
    }

    /**
     * Settings of a scorer on this stack: event mode (every event scored, so the expected alerts follow from the
     * input alone), the given guarantee, short consumer sessions; {@code extra} on top (interval mode, in
     * {@link IntervalFaultsIT}, whose alerts follow from each partition's input alone).
     */
    Map<String, String> settings(String instance, String guarantee, Map<String, String> extra) throws IOException {
        Map<String, String> s = scorerSettings(applicationId, dir.resolve("state-" + instance), MODEL);
        s.put(ScoringConfig.SCORING_MODE, "event");
        s.put(ScoringConfig.PROCESSING_GUARANTEE, guarantee);
        s.put(ScoringConfig.COMMIT_INTERVAL_MS, "200");
        s.put(ScoringConfig.S3_ENDPOINT, s3.endpoint().toString());
        s.put(ScoringConfig.S3_REGION, s3.region());
        s.put(ScoringConfig.MODEL_POLL_INTERVAL_MS, "0");
        s.put(ScoringConfig.KAFKA_CONFIG, shortSessionConfig(dir).toString());
        s.putAll(extra);
        return s;
    }

    /** The scorer's environment: the S3 credentials, as an operator would pass them (never as flags). */
    Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    }

    ScorerProcess startScorer(String instance, String guarantee, Map<String, String> extra) throws IOException {
        return ScorerProcess.start(instance, settings(instance, guarantee, extra), env(), dir);
    }

    /**
     * The failure rule of the simulator's fault plan as a logistic regression: weight {@code s} on sensor
     * {@code s}, intercept {@code -cutoff}, sharpened; attention exactly when the rule labels the vector 1.
     */
    static ModelArtifact ruleModel(String version, int sensors) {
        FailureRule rule = FailureRule.standard(sensors);
        double scale = 4;
        double[] w = new double[sensors];
        for (int i = 0; i < sensors; i++) {
            w[i] = scale * (i + 1);
        }
        return ModelArtifact.builder(MODEL, version).features(FeatureSpec.sensors(sensors)).weights(w)
                .intercept(-scale * rule.cutoff()).provenance(provenance()).build();
    }

    static Provenance provenance() {
        return new Provenance("reliability", "0", Map.of(), "memory:", "sha256:" + "0".repeat(64), 0,
                Instant.parse("2026-01-01T00:00:00Z"), null, null);
    }

    @Override
    public void close() {
        admin.close();
    }
}
