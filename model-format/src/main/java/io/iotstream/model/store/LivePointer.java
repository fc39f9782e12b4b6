package io.iotstream.model.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The live pointer of a model: the version scorers should run, and the versions that were live before it, most
 * recent first, so that a rollback knows where to go. Stored as {@code <name>/live.json} (see
 * {@code docs/model-store.md}); replaced atomically as a whole, never edited in place.
 *
 * @param name the model name
 * @param live the live version
 * @param previous earlier live versions, most recent first (at most {@link #MAX_HISTORY}); a rollback makes the
 *     first one live again and drops it from this list
 */
public record LivePointer(String name, LiveEntry live, List<LiveEntry> previous) {

    /** How many earlier live versions a pointer keeps. */
    public static final int MAX_HISTORY = 20;

    public LivePointer {
        ModelNames.requireValidName(name);
        Objects.requireNonNull(live, "live");
        previous = List.copyOf(previous);
        if (previous.size() > MAX_HISTORY) {
            previous = previous.subList(0, MAX_HISTORY);
        }
    }

    /** The live version. */
    public String version() {
        return live.version();
    }

    /** The live version's artifact checksum. */
    public String checksum() {
        return live.checksum();
    }

    /** The version a rollback would make live, if any. */
    public Optional<LiveEntry> rollbackTarget() {
        return previous.isEmpty() ? Optional.empty() : Optional.of(previous.get(0));
    }
}
