package io.iotstream.tools.model;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.sign.ModelSigner;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model keygen}: make an Ed25519 key pair for signing models. */
@Command(name = "keygen",
        description = {
            "Make an Ed25519 key pair for signing models: <dir>/<name>.key (private, owner-only) and "
                    + "<dir>/<name>.pub (public).",
            "Keep the .key in your CI secret store; give the .pub to scorers (--trusted-keys). The same files can "
                    + "be made with `openssl genpkey -algorithm ed25519`."
        })
final class KeygenCommand extends ModelSubcommand {

    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "Folder to write the keys to.")
    Path dir;

    @PerRun
    @Option(names = "--name", paramLabel = "<name>", defaultValue = "model-signing",
            description = "File name of the pair (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    protected int run() throws Exception {
        String keyId = ModelSigner.writeKeyPair(ModelSigner.generateKeyPair(), dir, name);
        out().println("key " + keyId + ": private " + dir.resolve(name + ".key") + ", public "
                + dir.resolve(name + ".pub"));
        out().flush();
        return ExitCode.OK;
    }
}
