package io.iotstream.tools.model;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.AnnounceFlags;
import io.iotstream.cli.flags.ByFlag;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.model.store.LiveEntry;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A command that changes which version is live ({@code promote}, {@code rollback}): the store, the model, who did
 * it, the store flags, and {@code --announce} to tell the scorers; the Kafka flags are checked before the store
 * changes.
 */
abstract class LiveChangeCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<store>", description = "Store location: s3://bucket/prefix or a folder.")
    String store;

    @Option(names = "--name", required = true, paramLabel = "<name>", description = "Model name.")
    String name;

    @Mixin
    ByFlag by;

    @Mixin
    StoreFlags storeFlags;

    @Mixin
    AnnounceFlags announcing;

    @Override
    protected final int run() {
        Map<String, Object> kafka = announcing.clientSettings(parent.env(), spec.commandLine().getParseResult());
        try (ModelStore s = openStore(store, storeFlags)) {
            LivePointer pointer = change(s, by.or(parent::user));
            out().println(describe(pointer));
            announceLive(announcing, kafka, pointer, store);
        }
        out().flush();
        return ExitCode.OK;
    }

    /** Changes the live version in {@code store} on behalf of {@code who}; may print what it did. */
    abstract LivePointer change(ModelStore store, String who);

    static String describe(LivePointer pointer) {
        LiveEntry live = pointer.live();
        return pointer.name() + ": live version is " + live.version() + " (" + live.action().jsonName() + " by "
                + live.promotedBy() + " at " + live.promotedAt() + ")"
                + pointer.rollbackTarget().map(p -> "; rollback would go to " + p.version()).orElse("");
    }
}
