package io.iotstream.cli.flags;

import io.iotstream.cli.settings.PerRun;
import picocli.CommandLine.Option;

/** {@code --json}: output for scripts instead of text. An argument of the run, never taken from the environment. */
public final class JsonFlag {

    @PerRun
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean on() {
        return json;
    }
}
