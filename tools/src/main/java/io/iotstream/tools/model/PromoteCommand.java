package io.iotstream.tools.model;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.AnnounceFlags;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.store.LiveEntry;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code model promote}: make a version live. */
@Command(name = "promote",
        description = "Make a version live. It must exist and verify; the previous live version is kept for rollback.")
final class PromoteCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<store>", description = "Store location: s3://bucket/prefix or a folder.")
    String store;

    @Option(names = "--name", required = true, paramLabel = "<name>", description = "Model name.")
    String name;

    @Option(names = "--version", required = true, paramLabel = "<version>", description = "Version to make live.")
    String version;

    @PerRun
    @Option(names = "--by", paramLabel = "<who>", description = "Who promotes (default: user name).")
    String by;

    @Mixin
    StoreFlags storeFlags;

    @Mixin
    AnnounceFlags announcing;

    @Override
    int run() {
        Map<String, Object> kafka = announcing.clientSettings(parent.env(), spec.commandLine().getParseResult());
        try (ModelStore s = openStore(store, storeFlags)) {
            LivePointer pointer = s.promote(name, version, by == null ? parent.user() : by);
            out().println(describe(pointer));
            announceLive(announcing, kafka, pointer, store);
        }
        out().flush();
        return ExitCode.OK;
    }

    static String describe(LivePointer pointer) {
        LiveEntry live = pointer.live();
        return pointer.name() + ": live version is " + live.version() + " (" + live.action().jsonName() + " by "
                + live.promotedBy() + " at " + live.promotedAt() + ")"
                + pointer.rollbackTarget().map(p -> "; rollback would go to " + p.version()).orElse("");
    }
}
