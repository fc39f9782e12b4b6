package io.iotstream.schemas.csv;

/**
 * A line that is not a sensor event line. Carries the line number (1-based, as an editor shows it), the reason
 * and the line itself, so that a reader can report the line and carry on.
 */
public final class MalformedLineException extends Exception {

    private static final long serialVersionUID = 1L;
    /** Long lines are cut in messages: a corrupt stream can carry megabytes without a newline. */
    private static final int MAX_QUOTED_CHARS = 120;

    private final long lineNumber;
    private final String reason;
    private final String line;

    public MalformedLineException(long lineNumber, String reason, String line) {
        super("line " + lineNumber + ": " + reason + ": '" + quote(line) + "'");
        this.lineNumber = lineNumber;
        this.reason = reason;
        this.line = line;
    }

    /** The line's number in its stream, counting from 1 (0 when the caller did not count lines). */
    public long lineNumber() {
        return lineNumber;
    }

    /** What is wrong, e.g. {@code "expected 4 comma-separated fields, found 3"}. */
    public String reason() {
        return reason;
    }

    /** The line as read, without its line terminator. */
    public String line() {
        return line;
    }

    private static String quote(String line) {
        if (line == null) {
            return "";
        }
        return line.length() <= MAX_QUOTED_CHARS ? line : line.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
