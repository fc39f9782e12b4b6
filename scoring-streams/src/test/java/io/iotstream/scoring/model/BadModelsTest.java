package io.iotstream.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.sign.TrustedKeys;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.Models;
import io.iotstream.scoring.metrics.ScoringMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad model the store can hand the scorer, each promoted over a good one: refused, counted under its
 * reason, and the last good model keeps serving. The store the scorer reads trusts one Ed25519 key. Damaged
 * artifacts are written the way a broken upload or an attacker would: the stored {@code model.json} bytes are
 * changed after publishing, and the live pointer is written as {@code promote} would have written it (copied
 * from a scratch store where the intact version was promoted), since {@code promote} itself refuses them.
 * (The real-process version, with the log checked for one line per refusal, is reliability's BadModelsIT.)
 */
class BadModelsTest {

    private static final int SENSORS = 4;

    @TempDir
    Path dir;

    private final KeyPair trusted = ModelSigner.generateKeyPair();
    private final ModelSigner signer = ModelSigner.of(trusted);
    private final ModelSigner stranger = ModelSigner.of(ModelSigner.generateKeyPair());
    private final ScoringMetrics metrics = ScoringMetrics.inMemory();
    private ModelStore publisher;
    private ModelStore scratch;
    private ModelStore trusting;
    private ModelHolder models;

    @BeforeEach
    void open() {
        publisher = ModelStores.open(dir.resolve("store").toString(), StoreOptions.defaults());
        scratch = ModelStores.open(dir.resolve("scratch").toString(), StoreOptions.defaults());
        trusting = ModelStores.open(dir.resolve("store").toString(),
                StoreOptions.defaults().withTrustedKeys(TrustedKeys.of(List.of(trusted.getPublic()))));
        models = new ModelHolder(ModelRef.parse(dir.resolve("store").toUri() + "/" + Models.NAME), trusting, 0,
                metrics, Clock.systemUTC());
        ModelArtifact v1 = Models.sensorOneHigh("v1", SENSORS);
        publisher.publish(v1, signer.sign(v1));
        publisher.promote(Models.NAME, "v1", "test");
        assertThat(models.refresh("start")).isTrue();
        assertThat(metrics.modelSwapsReady()).isTrue();
    }

    @AfterEach
    void close() {
        publisher.close();
        scratch.close();
        trusting.close();
    }

    @Test
    void shouldRefuseAnUnsignedModel() throws IOException {
        ModelArtifact v2 = Models.sensorOneHigh("v2", SENSORS);
        publisher.publish(v2);
        publisher.promote(Models.NAME, "v2", "test");
        assertRefused("signature", "not signed");
    }

    @Test
    void shouldRefuseAModelSignedByAnUntrustedKey() throws IOException {
        ModelArtifact v2 = Models.sensorOneHigh("v2", SENSORS);
        publisher.publish(v2, stranger.sign(v2));
        publisher.promote(Models.NAME, "v2", "test");
        assertRefused("signature", "not trusted");
    }

    @Test
    void shouldRefuseAModelWhoseContentNoLongerMatchesItsChecksum() throws IOException {
        // A weight changed after signing and publishing: "20.0" becomes "21.0" in the stored JSON.
        promoteDamaged(Models.sensorOneHigh("v2", SENSORS), json -> replaceOnce(json, "20.0", "21.0"));
        assertRefused("invalid-artifact", "checksum");
    }

    @Test
    void shouldRefuseATruncatedArtifact() throws IOException {
        promoteDamaged(Models.sensorOneHigh("v2", SENSORS), json -> json.substring(0, json.length() / 2));
        assertRefused("invalid-artifact", "invalid JSON");
    }

    @Test
    void shouldRefuseNonFiniteWeights() throws IOException {
        // JSON has no NaN; 1e999 is how a non-finite weight reaches a JSON reader (it parses as Infinity).
        promoteDamaged(Models.sensorOneHigh("v2", SENSORS), json -> replaceOnce(json, "20.0", "1e999"));
        assertRefused("invalid-artifact", "finite");
    }

    @Test
    void shouldRefuseAModelWithTheWrongFeatureCount() throws IOException {
        ModelArtifact v2 = ModelArtifact.builder(Models.NAME, "v2").features(FeatureSpec.sensors(SENSORS + 1))
                .weights(new double[SENSORS + 1]).intercept(0).provenance(Models.provenance()).build();
        publisher.publish(v2, signer.sign(v2));
        publisher.promote(Models.NAME, "v2", "test");
        assertRefused("feature-count", "5 features");
    }

    @Test
    void shouldSwapInAGoodSignedModelAfterRefusingBadOnes() throws IOException {
        shouldRefuseAnUnsignedModel();
        ModelArtifact v3 = Models.sensorOneHigh("v3", SENSORS);
        publisher.publish(v3, signer.sign(v3));
        publisher.promote(Models.NAME, "v3", "test");
        assertThat(models.refresh("poll")).isTrue();
        assertThat(models.currentId()).isEqualTo(Models.NAME + ":v3");
    }

    private void assertRefused(String reason, String why) {
        String log = capturingStderr(() -> {
            assertThat(models.refresh("poll")).isFalse();
            assertThat(models.refresh("poll")).as("an unchanged pointer is not fetched again").isFalse();
        });
        assertThat(log.lines().filter(l -> l.contains("refused")).toList()).as("logged once, with the reason")
                .singleElement().satisfies(line -> assertThat(line).containsIgnoringCase(why)
                        .contains("still serving " + Models.NAME + ":v1"));
        assertThat(metrics.modelRefusals()).isEqualTo(1);
        assertThat(metrics.registry().find("iotstream.model.refusals").tag("reason", reason).counter())
                .as("refusals counted under reason %s", reason).isNotNull()
                .satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
        assertThat(models.currentId()).as("the last good model keeps serving").isEqualTo(Models.NAME + ":v1");
        assertThat(models.notReadyReason()).as("still ready: a model serves").isEmpty();
        assertThat(metrics.modelSwapsReady()).as("the store answered").isTrue();
        assertThat(metrics.modelFetchFailures()).isZero();
    }

    /** What {@code action} logged: slf4j-simple writes to whatever System.err is at the time of each line. */
    private static String capturingStderr(Runnable action) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(before);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        before.print(text);
        return text;
    }

    /**
     * Publishes {@code artifact} (signed), damages its stored {@code model.json}, and points the live pointer at it
     * as {@code promote} would have before the damage.
     */
    private void promoteDamaged(ModelArtifact artifact, UnaryOperator<String> damage) throws IOException {
        publisher.publish(artifact, signer.sign(artifact));
        scratch.publish(artifact);
        scratch.promote(artifact.name(), artifact.version(), "test");
        Path json = dir.resolve("store").resolve(artifact.name()).resolve("versions").resolve(artifact.version())
                .resolve("model.json");
        Files.writeString(json, damage.apply(Files.readString(json, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        Files.copy(dir.resolve("scratch").resolve(artifact.name()).resolve("live.json"),
                dir.resolve("store").resolve(artifact.name()).resolve("live.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String replaceOnce(String text, String from, String to) {
        int i = text.indexOf(from);
        assertThat(i).as("'%s' in the artifact", from).isNotNegative();
        return text.substring(0, i) + to + text.substring(i + from.length());
    }
}
