package io.iotstream.model.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSignerTest {

    private static final KeyPair CI_KEY = ModelSigner.generateKeyPair();
    private static final KeyPair OTHER_KEY = ModelSigner.generateKeyPair();

    private final ModelArtifact model = TestModels.sample();

    @Test
    void shouldAcceptAModelSignedByATrustedKey() throws Exception {
        ModelSignature signature = ModelSigner.of(CI_KEY).sign(model);
        TrustedKeys.of(List.of(CI_KEY.getPublic())).verify(model, signature);
        assertThat(signature.modelId()).isEqualTo(model.id());
        assertThat(signature.checksum()).isEqualTo(model.checksum());
    }

    @Test
    void shouldRefuseAnUnsignedModel() {
        assertThatThrownBy(() -> TrustedKeys.of(List.of(CI_KEY.getPublic())).verify(model, null))
                .isInstanceOf(SignatureException.class).hasMessageContaining("is not signed");
    }

    @Test
    void shouldRefuseAModelSignedByAnUntrustedKey() {
        ModelSignature signature = ModelSigner.of(OTHER_KEY).sign(model);
        assertThatThrownBy(() -> TrustedKeys.of(List.of(CI_KEY.getPublic())).verify(model, signature))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not trusted")
                .hasMessageContaining(TrustedKeys.keyId(CI_KEY.getPublic()));
    }

    @Test
    void shouldRefuseASignatureOfAnotherModel() {
        ModelSignature signature = ModelSigner.of(CI_KEY).sign(model);
        ModelArtifact changed = model.withThreshold(0.6);
        assertThatThrownBy(() -> TrustedKeys.of(List.of(CI_KEY.getPublic())).verify(changed, signature))
                .isInstanceOf(SignatureException.class).hasMessageContaining("changed after signing");
    }

    @Test
    void shouldRefuseAForgedSignature() throws Exception {
        ModelSignature genuine = ModelSigner.of(CI_KEY).sign(model);
        byte[] bytes = genuine.signature();
        bytes[10] ^= 1;
        ModelSignature forged = new ModelSignature(genuine.keyId(), genuine.modelId(), genuine.checksum(), bytes);
        assertThatThrownBy(() -> TrustedKeys.of(List.of(CI_KEY.getPublic())).verify(model, forged))
                .isInstanceOf(SignatureException.class).hasMessageContaining("does not verify");
    }

    @Test
    void shouldTrustSeveralKeysSoKeysCanBeRotated() throws Exception {
        TrustedKeys both = TrustedKeys.of(List.of(CI_KEY.getPublic(), OTHER_KEY.getPublic()));
        both.verify(model, ModelSigner.of(CI_KEY).sign(model));
        both.verify(model, ModelSigner.of(OTHER_KEY).sign(model));
        assertThat(both.keyIds()).hasSize(2);
    }

    @Test
    void shouldRoundTripSignatureFiles() throws Exception {
        ModelSignature signature = ModelSigner.of(CI_KEY).sign(model);
        assertThat(ModelSignature.fromJson(signature.toJson())).isEqualTo(signature);
        assertThatThrownBy(() -> ModelSignature.fromJson("{\"signatureFormat\":9}".getBytes()))
                .hasMessageContaining("format 9 is not supported");
        assertThatThrownBy(() -> ModelSignature.fromJson("{\"signatureFormat\":1,\"algorithm\":\"RSA\"}".getBytes()))
                .hasMessageContaining("'RSA' is not supported");
        assertThatThrownBy(() -> ModelSignature.fromJson("{not json".getBytes()))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void shouldSignWithAPemKeyFileAndVerifyWithItsPublicFile(@TempDir Path dir) throws Exception {
        String keyId = ModelSigner.writeKeyPair(CI_KEY, dir, "ci");
        assertThat(Files.readString(dir.resolve("ci.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("ci.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ci.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        ModelSigner signer = ModelSigner.fromPemFile(dir.resolve("ci.key"));
        assertThat(signer.keyId()).isEqualTo(keyId).isEqualTo(TrustedKeys.keyId(CI_KEY.getPublic()));
        TrustedKeys.load(List.of(dir.resolve("ci.pub"))).verify(model, signer.sign(model));
        // a folder of keys, as a mounted secret
        TrustedKeys.load(List.of(dir)).verify(model, signer.sign(model));
        assertThatThrownBy(() -> ModelSigner.writeKeyPair(OTHER_KEY, dir, "ci"))
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void shouldExplainKeyFilesThatAreNotKeys(@TempDir Path dir) throws Exception {
        Path notKey = Files.writeString(dir.resolve("oops.pub"), "hello");
        assertThatThrownBy(() -> TrustedKeys.load(List.of(notKey)))
                .isInstanceOf(SignatureException.class).hasMessageContaining("BEGIN PUBLIC KEY");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> TrustedKeys.load(List.of(empty)))
                .isInstanceOf(SignatureException.class).hasMessageContaining("no public key found");
    }
}
