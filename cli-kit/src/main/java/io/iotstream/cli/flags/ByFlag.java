package io.iotstream.cli.flags;

import io.iotstream.cli.settings.PerRun;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --by}: who changes the live version or publishes, for the live pointer and the audit record; the user
 * running the command when not given. An argument of the run, never taken from the environment.
 */
public final class ByFlag {

    @PerRun
    @Option(names = "--by", paramLabel = "<who>",
            description = "Who makes the change, for the live pointer and the audit record (default: user name).")
    String by;

    /** The name given, or null. */
    public String value() {
        return by;
    }

    /** The name given, else {@code user}'s. */
    public String or(Supplier<String> user) {
        return by == null || by.isBlank() ? user.get() : by;
    }
}
