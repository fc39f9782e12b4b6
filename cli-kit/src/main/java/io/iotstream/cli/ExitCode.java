package io.iotstream.cli;

/** Exit codes of every IoTStream command. Scripts and CI jobs depend on them: do not renumber. */
public final class ExitCode {

    /** Success. */
    public static final int OK = 0;
    /** The command ran and failed (bad input data, invalid model, unreachable service...). */
    public static final int FAILURE = 1;
    /** Usage or configuration error: nothing was done; the message names the flag or setting. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
