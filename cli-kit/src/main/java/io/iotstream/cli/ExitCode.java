package io.iotstream.cli;

/** Exit codes of every IoTStream command. Scripts and CI jobs depend on them: do not renumber. */
public final class ExitCode {

    /** Success. */
    public static final int OK = 0;
    /** The command ran and failed (bad input data, invalid model, unreachable service...). */
    public static final int FAILURE = 1;
    /** Usage or configuration error: nothing was done; the message names the flag or setting. */
    public static final int USAGE = 2;
    /** {@code retrain}: the candidate model was refused by the promotion gate; nothing was promoted. */
    public static final int GATE_REFUSED = 3;
    /**
     * A topic the command needs is missing or not as the topic catalogue wants it ({@code topics check}, and the
     * scorer, simulator and bridge at start); the message names the topic, what is wrong and the command that fixes it.
     */
    public static final int TOPICS = 4;
    /**
     * A service the command needs (Kafka, the schema registry, the model store) did not answer within the start-up
     * timeout; the message names it and the setting it came from.
     */
    public static final int UNREACHABLE = 5;

    private ExitCode() {
    }
}
