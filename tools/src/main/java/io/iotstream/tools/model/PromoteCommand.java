package io.iotstream.tools.model;

import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model promote}: make a version live. */
@Command(name = "promote",
        description = "Make a version live. It must exist and verify; the previous live version is kept for rollback.")
final class PromoteCommand extends LiveChangeCommand {

    @Option(names = "--version", required = true, paramLabel = "<version>", description = "Version to make live.")
    String version;

    @Override
    LivePointer change(ModelStore store, String who) {
        return store.promote(name, version, who);
    }
}
