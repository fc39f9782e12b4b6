package io.iotstream.cli;

/**
 * A failure a command detected itself, whose message already says what went wrong and how to fix it. Reported as
 * one stderr line, exit code {@link ExitCode#FAILURE} (or the code given).
 */
public class CliFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliFailure(String message) {
        this(message, null, ExitCode.FAILURE);
    }

    public CliFailure(String message, Throwable cause) {
        this(message, cause, ExitCode.FAILURE);
    }

    /** A failure with its own exit code, for commands that document more than 0/1/2 (e.g. "gate refused"). */
    public CliFailure(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
