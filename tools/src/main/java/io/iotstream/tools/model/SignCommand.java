package io.iotstream.tools.model;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.ModelSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code model sign}: write the detached signature of a model file. */
@Command(name = "sign",
        description = "Sign a model.json with an Ed25519 private key; writes model.sig beside it (or --out).")
final class SignCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<model.json>", description = "The model to sign (verified first).")
    String file;

    @Option(names = "--key", required = true, paramLabel = "<private.pem>",
            description = "Ed25519 private key (PEM, PKCS#8).")
    Path key;

    @PerRun
    @Option(names = "--out", paramLabel = "<file>", description = "Where to write the signature "
            + "(default: model.sig in the model's folder).")
    Path outFile;

    @Override
    protected int run() throws Exception {
        ModelArtifact artifact = readModel(file);
        ModelSignature signature = signer(key).sign(artifact);
        Path target = outFile != null ? outFile : defaultSignatureFile(file);
        Files.write(target, signature.toJson());
        out().println("signed " + artifact.id() + " " + artifact.checksum() + " with " + signature.keyId() + ": "
                + target);
        out().flush();
        return ExitCode.OK;
    }
}
