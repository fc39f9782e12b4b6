package io.iotstream.cli.flags;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.sign.SignatureException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --sign-key}: the Ed25519 private key (PKCS#8 PEM, {@code model keygen}) that signs what a command publishes
 * ({@code model publish}, {@code train --publish}, {@code retrain}). A path, never the key itself: keys stay in
 * files (a mounted Secret).
 */
public final class SignKeyFlag {

    @Option(names = "--sign-key", paramLabel = "<private.pem>",
            description = "Sign the model with this Ed25519 private key (model keygen) and publish the signature "
                    + "with it.")
    Path signKey;

    /** The key file, if given. */
    public Optional<Path> path() {
        return Optional.ofNullable(signKey);
    }

    /**
     * The signer, or empty without a key. Commands load it before their work, so a bad key fails in a second rather
     * than after an hour of training.
     *
     * @throws CliFailure exit 2, naming the flag, the file and the fix
     */
    public Optional<ModelSigner> signer() throws CliFailure {
        if (signKey == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelSigner.fromPemFile(signKey));
        } catch (IOException | SignatureException e) {
            throw new CliFailure("--sign-key " + signKey + ": cannot read an Ed25519 private key: " + e.getMessage()
                    + ": give the PEM file `model keygen` wrote (the .key, not the .pub)", e, ExitCode.USAGE);
        }
    }
}
