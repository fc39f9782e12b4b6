package io.iotstream.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.store.TestModels;
import io.iotstream.testkit.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, sign, verify with trusted keys, signed publish, and stores that require signatures. */
class ModelSigningCommandTest {

    @TempDir
    Path tmp;

    Path keys;
    Path modelDir;
    Path model;
    String store;

    @BeforeEach
    void makeKeysAndModel() throws Exception {
        keys = tmp.resolve("keys");
        assertThat(CliRun.run(Map.of(), "keygen", "--out", keys.toString(), "--name", "ci").exitCode()).isZero();
        assertThat(CliRun.run(Map.of(), "keygen", "--out", keys.resolve("rogue").toString(), "--name", "rogue")
                .exitCode()).isZero();
        modelDir = Files.createDirectories(tmp.resolve("build"));
        ModelArtifact artifact = TestModels.artifact("turbine", "1");
        model = Files.write(modelDir.resolve("model.json"), ModelJson.write(artifact));
        store = tmp.resolve("store").toUri().toString();
    }

    @Test
    void shouldMakeAKeyPairAndRefuseToOverwriteIt() {
        assertThat(keys.resolve("ci.key")).exists();
        assertThat(keys.resolve("ci.pub")).exists();
        CommandRun again = CliRun.run(Map.of(), "keygen", "--out", keys.toString(), "--name", "ci");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("refusing to overwrite");
    }

    @Test
    void shouldSignAndVerifyAgainstTrustedKeys() {
        CommandRun sign = CliRun.run(Map.of(), "sign", model.toString(), "--key", keys.resolve("ci.key").toString());
        assertThat(sign.exitCode()).as(sign.toString()).isZero();
        assertThat(modelDir.resolve("model.sig")).exists();

        CommandRun ok = CliRun.run(Map.of(), "verify", model.toString(), "--trusted-keys",
                keys.resolve("ci.pub").toString());
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("signature by ed25519:").contains("verified");

        CommandRun fromEnv = CliRun.run(Map.of("IOTSTREAM_TRUSTED_KEYS", keys.resolve("rogue").toString()),
                "verify", model.toString());
        assertThat(fromEnv.exitCode()).isEqualTo(1);
        assertThat(fromEnv.errLines()).singleElement().asString().contains("not trusted");
    }

    @Test
    void shouldRefuseAnUnsignedModelWhenKeysAreGiven() {
        CommandRun run = CliRun.run(Map.of(), "verify", model.toString(), "--trusted-keys", keys.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("is not signed");
        // Without keys, an unsigned model is just a valid model.
        assertThat(CliRun.run(Map.of(), "verify", model.toString()).exitCode()).isZero();
    }

    @Test
    void shouldPublishSignedAndServeOnlyTrustedVersions() {
        CommandRun publish = CliRun.run(Map.of(), "publish", store, model.toString(), "--sign-key",
                keys.resolve("ci.key").toString(), "--promote");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        assertThat(publish.out()).contains("signed by ed25519:");

        CommandRun trusted = CliRun.run(Map.of(), "inspect", store, "--name", "turbine", "--trusted-keys",
                keys.resolve("ci.pub").toString());
        assertThat(trusted.exitCode()).as(trusted.toString()).isZero();

        CommandRun untrusted = CliRun.run(Map.of(), "inspect", store, "--name", "turbine", "--trusted-keys",
                keys.resolve("rogue").toString());
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.err()).contains("not trusted");
    }

    @Test
    void shouldExitTwoForKeysThatAreNotKeys() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.pub"), "not a key");
        CommandRun run = CliRun.run(Map.of(), "verify", model.toString(), "--trusted-keys", junk.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("trusted.keys").contains("BEGIN PUBLIC KEY");
    }
}
