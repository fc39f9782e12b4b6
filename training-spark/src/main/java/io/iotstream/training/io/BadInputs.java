package io.iotstream.training.io;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/** Finds a {@link BadInputException} in a (Spark job) failure's cause chain and completes its line number. */
public final class BadInputs {

    private BadInputs() {
    }

    /**
     * The bad-input cause of {@code failure}, with the line number of a bad row looked up in its file, or null if
     * the failure has another cause.
     */
    public static BadInputException find(Throwable failure, Configuration conf) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BadInputException bad) {
                if (bad.file() == null || bad.byteOffset() < 0) {
                    return bad;
                }
                try {
                    long line = InputFiles.lineNumber(conf, bad.file(), bad.byteOffset());
                    return BadInputException.atRow(bad.file(), bad.byteOffset(), line, bad.problem());
                } catch (IOException e) {
                    return bad;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
