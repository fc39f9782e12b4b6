package io.iotstream.tools.model;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.ByFlag;
import io.iotstream.cli.flags.SignKeyFlag;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.PublishedVersion;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code model publish}: verify a model file and publish it (JSON and PMML) as a new, immutable version. */
@Command(name = "publish",
        description = {
            "Publish a model.json to a store as a new version (model.pmml is written with it).",
            "Versions are immutable: publishing an existing version fails (exit 1)."
        })
final class PublishCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<store>", description = "Store location: s3://bucket/prefix or a folder.")
    String store;

    @Parameters(index = "1", paramLabel = "<model.json>", description = "The model to publish.")
    String file;

    @PerRun
    @Mixin
    SignKeyFlag signing;

    @PerRun
    @Option(names = "--signature", paramLabel = "<model.sig>",
            description = "Publish this signature file with the model (made by `model sign`).")
    Path signatureFile;

    @PerRun
    @Option(names = "--promote", description = "Also make the version live.")
    boolean promote;

    @Mixin
    ByFlag by;

    @Mixin
    StoreFlags storeFlags;

    @Override
    protected int run() throws Exception {
        ModelArtifact artifact = readModel(file);
        if (signing.path().isPresent() && signatureFile != null) {
            throw new ParameterException(spec.commandLine(), "give --sign-key or --signature, not both");
        }
        ModelSignature signature = signing.path().isPresent() ? signing.signer().orElseThrow().sign(artifact)
                : signatureFile != null ? readSignature(signatureFile) : null;
        try (ModelStore s = openStore(store, storeFlags)) {
            PublishedVersion published = s.publish(artifact, signature);
            out().println("published " + artifact.id() + " " + published.checksum() + " to " + published.location()
                    + (signature == null ? " (unsigned)" : " (signed by " + signature.keyId() + ")"));
            if (promote) {
                LivePointer pointer = s.promote(artifact.name(), artifact.version(), by.or(parent::user));
                out().println(LiveChangeCommand.describe(pointer));
            }
        }
        out().flush();
        return ExitCode.OK;
    }
}
