package io.iotstream.simulator;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * The once-a-second progress line, like the original's {@code "<time>Z: <n> events sent"}, with the rate of the
 * last interval and what the sink has confirmed. Called from one reporting thread.
 */
final class Progress {

    private final PrintWriter out;
    private final InstantSource wall;
    private long lastNanos;
    private long lastSent;

    Progress(PrintWriter out, InstantSource wall, long startNanos) {
        this.out = Objects.requireNonNull(out, "out");
        this.wall = Objects.requireNonNull(wall, "wall");
        this.lastNanos = startNanos;
    }

    /** Prints one line for the counts at {@code nowNanos}. */
    void report(long nowNanos, long sent, long delivered) {
        out.println(line(nowNanos, sent, delivered));
        out.flush();
    }

    String line(long nowNanos, long sent, long delivered) {
        double seconds = (nowNanos - lastNanos) / 1e9;
        double rate = seconds > 0 ? (sent - lastSent) / seconds : 0;
        lastNanos = nowNanos;
        lastSent = sent;
        Instant now = wall.instant().truncatedTo(ChronoUnit.SECONDS);
        return String.format(Locale.ROOT, "%s: %d events sent, %.0f events/s, %d delivered", now, sent, rate,
                delivered);
    }
}
