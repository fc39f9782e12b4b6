package io.iotstream.training.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.sign.SignatureException;
import java.io.IOException;
import java.nio.file.Path;

/** {@code --sign-key}: the Ed25519 private key (PKCS#8 PEM, {@code model keygen}) that signs published models. */
final class SigningKey {

    private SigningKey() {
    }

    /**
     * Loads the signer, or null without a key. Called before training, so a missing key fails in a second rather
     * than after an hour of training.
     *
     * @throws CliFailure exit 2, naming the flag and the fix
     */
    static ModelSigner load(Path key) throws CliFailure {
        if (key == null) {
            return null;
        }
        try {
            return ModelSigner.fromPemFile(key);
        } catch (IOException | SignatureException e) {
            throw new CliFailure("--sign-key " + key + ": cannot read an Ed25519 private key: " + e.getMessage()
                    + ": give the PEM file `model keygen` wrote (the .key, not the .pub)", e, ExitCode.USAGE);
        }
    }
}
