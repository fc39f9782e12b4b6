package io.iotstream.tools.model;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.AnnounceFlags;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code model rollback}: make the previous live version live again. */
@Command(name = "rollback",
        description = "Make the previous live version live again (verified first). Repeat to go further back.")
final class RollbackCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<store>", description = "Store location: s3://bucket/prefix or a folder.")
    String store;

    @Option(names = "--name", required = true, paramLabel = "<name>", description = "Model name.")
    String name;

    @PerRun
    @Option(names = "--by", paramLabel = "<who>", description = "Who rolls back (default: user name).")
    String by;

    @Mixin
    StoreFlags storeFlags;

    @Mixin
    AnnounceFlags announcing;

    @Override
    int run() {
        Map<String, Object> kafka = announcing.clientSettings(parent.env(), spec.commandLine().getParseResult());
        try (ModelStore s = openStore(store, storeFlags)) {
            String from = s.live(name).map(LivePointer::version).orElse(null);
            LivePointer pointer = s.rollback(name, by == null ? parent.user() : by);
            out().println("rolled back " + name + " from " + from + " to " + pointer.version());
            out().println(PromoteCommand.describe(pointer));
            announceLive(announcing, kafka, pointer, store);
        }
        out().flush();
        return ExitCode.OK;
    }
}
