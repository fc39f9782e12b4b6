package io.iotstream.tools.model;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.sign.SignatureException;
import io.iotstream.model.sign.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code model verify}: exit 0 if a model file is valid (and signed by a trusted key, when keys are given). */
@Command(name = "verify",
        description = {
            "Check a model.json: valid JSON of a known format version, every field valid, checksum matching.",
            "With --trusted-keys (or IOTSTREAM_TRUSTED_KEYS) it must also be signed by one of those keys "
                    + "(signature: model.sig beside it, or --signature).",
            "Exit 0 if valid; exit 1 with the reason on stderr if not."
        })
final class VerifyCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<file>", description = "The model.json to check (path or file: URI).")
    String file;

    @Option(names = "--trusted-keys", paramLabel = "<keys>",
            description = "Ed25519 public keys (PEM files or folders, comma-separated) the model must be signed by.")
    String trustedKeys;

    @PerRun
    @Option(names = "--signature", paramLabel = "<model.sig>",
            description = "The signature file (default: model.sig beside the model).")
    Path signatureFile;

    @Override
    protected int run() throws Exception {
        ModelArtifact artifact = readModel(file);
        Optional<TrustedKeys> keys = parent.trustedKeys(trustedKeys);
        Path sigFile = signatureFile != null ? signatureFile : defaultSignatureFile(file);
        String signed;
        if (keys.isPresent()) {
            ModelSignature signature = Files.exists(sigFile) || signatureFile != null ? readSignature(sigFile) : null;
            try {
                keys.get().verify(artifact, signature);
            } catch (SignatureException e) {
                throw new CliFailure(file + " is refused: " + e.getMessage(), e);
            }
            signed = ", signature by " + signature.keyId() + " verified";
        } else {
            signed = Files.exists(sigFile) ? ", signature present but not checked (no --trusted-keys)" : "";
        }
        out().println("OK " + artifact.id() + " " + artifact.checksum() + " (checksum verified" + signed + ")");
        out().flush();
        return ExitCode.OK;
    }
}
