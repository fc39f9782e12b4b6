package io.iotstream.tools.model;

import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import picocli.CommandLine.Command;

/** {@code model rollback}: make the previous live version live again. */
@Command(name = "rollback",
        description = "Make the previous live version live again (verified first). Repeat to go further back.")
final class RollbackCommand extends LiveChangeCommand {

    @Override
    LivePointer change(ModelStore store, String who) {
        String from = store.live(name).map(LivePointer::version).orElse(null);
        LivePointer pointer = store.rollback(name, who);
        out().println("rolled back " + name + " from " + from + " to " + pointer.version());
        return pointer;
    }
}
