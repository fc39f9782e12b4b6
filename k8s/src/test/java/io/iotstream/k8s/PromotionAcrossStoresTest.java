package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.sign.TrustedKeys;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.tools.model.ModelCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The documented way for prod to serve a model dev trained (k8s/README.md, "Promotion from dev to prod"), run
 * with the real {@code model} commands on two stores: dev's live model, verified with dev's key, re-signed with
 * prod's key, published and made live in prod's store. Prod's scorers trust only prod's key.
 */
class PromotionAcrossStoresTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run model(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ModelCommand.newCommandLine(new ModelCommand(Map.of(), Map.of("user.name", "release")));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldMakeDevsLiveModelLiveInProdSignedWithProdsKey() throws Exception {
        Path keys = dir.resolve("keys");
        ModelSigner.writeKeyPair(ModelSigner.generateKeyPair(), keys, "dev");
        String prodKeyId = ModelSigner.writeKeyPair(ModelSigner.generateKeyPair(), keys, "prod");
        String dev = dir.resolve("models/dev").toString();
        String prod = dir.resolve("models/prod").toString();

        ModelArtifact trained = ModelArtifact.builder("sensor-failure", "20261125T020000Z")
                .features(FeatureSpec.sensors(3)).weights(0.5, 1.5, 2.5).intercept(-3).metric("auc", 0.99)
                .provenance(new Provenance("tribuo", "4.3.2", Map.of(), "s3a://iotstream-data/dev/train", "sha256:00",
                        1000, Instant.parse("2026-11-25T02:00:00Z"), 42L, null))
                .build();
        try (ModelStore devStore = ModelStores.open(dev, StoreOptions.defaults())) {
            devStore.publish(trained, ModelSigner.fromPemFile(keys.resolve("dev.key")).sign(trained));
            devStore.promote("sensor-failure", trained.version(), "retrain-cronjob");
        }

        Run inspect = model("inspect", dev, "--name", "sensor-failure", "--trusted-keys",
                keys.resolve("dev.pub").toString(), "--json");
        assertThat(inspect.code()).as(inspect.err()).isZero();
        JsonNode artifact = new ObjectMapper().readTree(inspect.out()).path("model");
        Path json = Files.writeString(dir.resolve("model.json"), artifact.toString());
        assertThat(model("verify", json.toString()).code()).isZero();
        Run publish = model("publish", prod, json.toString(), "--sign-key", keys.resolve("prod.key").toString(),
                "--promote", "--by", "release-manager");
        assertThat(publish.code()).as(publish.err()).isZero();

        StoreOptions prodScorer = StoreOptions.defaults().withTrustedKeys(TrustedKeys.load(
                List.of(keys.resolve("prod.pub"))));
        try (ModelStore prodStore = ModelStores.open(prod, prodScorer)) {
            assertThat(prodStore.live("sensor-failure").orElseThrow().version()).isEqualTo(trained.version());
            assertThat(prodStore.live("sensor-failure").orElseThrow().live().promotedBy()).isEqualTo("release-manager");
            assertThat(prodStore.fetch("sensor-failure", trained.version()).checksum()).isEqualTo(trained.checksum());
            assertThat(prodStore.fetchSignature("sensor-failure", trained.version()).orElseThrow().keyId())
                    .isEqualTo(prodKeyId);
        }
    }
}
