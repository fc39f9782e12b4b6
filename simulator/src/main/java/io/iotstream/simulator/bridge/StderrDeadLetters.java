package io.iotstream.simulator.bridge;

import io.iotstream.schemas.csv.MalformedLineException;
import java.io.PrintWriter;
import java.util.Objects;

/** Malformed lines reported on stderr, one line each: {@code bridge: line 17: <reason>: '<line>'}. */
final class StderrDeadLetters implements DeadLetters {

    private final PrintWriter err;
    private final String prefix;

    StderrDeadLetters(PrintWriter err, String prefix) {
        this.err = Objects.requireNonNull(err, "err");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public void malformed(MalformedLineException e) {
        err.println(prefix + e.getMessage());
        err.flush();
    }

    @Override
    public String describe() {
        return "stderr";
    }
}
