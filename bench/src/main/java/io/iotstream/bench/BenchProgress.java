package io.iotstream.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines on stderr, so a long run shows what it is doing while stdout keeps the table. */
final class BenchProgress {

    private final PrintWriter err;
    private final long start = System.nanoTime();

    BenchProgress(PrintWriter err) {
        this.err = err;
    }

    void step(String format, Object... args) {
        err.printf(Locale.ROOT, "[bench %5.0fs] %s%n", (System.nanoTime() - start) / 1e9,
                String.format(Locale.ROOT, format, args));
        err.flush();
    }
}
