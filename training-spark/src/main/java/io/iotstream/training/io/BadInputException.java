package io.iotstream.training.io;

/**
 * Training input that cannot be used: missing, unreadable, empty, of an unknown layout, or with a bad row. The
 * message names the file (and line) and the fix; commands report it with exit code 2.
 *
 * <p>Serializable with its position, so that a Spark task can throw it and the driver can still say where:
 * {@link #file()} and {@link #byteOffset()} locate a bad CSV row, and the driver turns the offset into a line number
 * ({@link InputFiles#lineNumber}).
 */
public final class BadInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final long byteOffset;
    private final String problem;

    /** A problem with the input as a whole. */
    public BadInputException(String message) {
        this(message, null, -1, message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
        this.byteOffset = -1;
        this.problem = message;
    }

    private BadInputException(String message, String file, long byteOffset, String problem) {
        super(message);
        this.file = file;
        this.byteOffset = byteOffset;
        this.problem = problem;
    }

    /** A bad row starting at {@code byteOffset} of {@code file}, with its line number where known (else -1). */
    public static BadInputException atRow(String file, long byteOffset, long line, String problem) {
        String where = line > 0 ? file + ", line " + line : file + ", byte " + byteOffset;
        return new BadInputException(where + ": " + problem, file, byteOffset, problem);
    }

    /** The file of a bad row, or null. */
    public String file() {
        return file;
    }

    /** Offset of the start of a bad row in {@link #file()}, or -1. */
    public long byteOffset() {
        return byteOffset;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
