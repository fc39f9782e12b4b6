package io.iotstream.model.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.model.ModelArtifact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code model verify}: exit 0 if a model file is valid, 1 with the reason if not. */
@Command(name = "verify",
        description = {
            "Check a model.json: valid JSON of a known format version, every field valid, checksum matching.",
            "Exit 0 if valid; exit 1 with the reason on stderr if not."
        })
final class VerifyCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<file>", description = "The model.json to check (path or file: URI).")
    String file;

    @Override
    int run() throws Exception {
        ModelArtifact artifact = readModel(file);
        out().println("OK " + artifact.id() + " " + artifact.checksum() + " (checksum verified)");
        out().flush();
        return ExitCode.OK;
    }
}
