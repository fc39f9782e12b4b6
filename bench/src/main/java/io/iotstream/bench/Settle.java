package io.iotstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Waits, before each round of throughput rows and before the latency rows, until the machine is quiet:
 * whole-system CPU below {@link #CPU_QUIET} over a one-second sample and, on Linux, the kernel's dirty page cache below
 * {@link #DIRTY_QUIET_BYTES}. After the 10-million-record preload about 500 MB of the broker's log is still waiting
 * to be written out, and after a round its changelogs and alerts; measuring while the kernel writes that back would
 * mix its I/O into the first rows. (It does not explain why the first round's Kafka rows ran slower in every
 * multi-round run: they still did after settling, so that is warm-up — the broker's fetch path, the JIT — which the
 * medians and within-round ratios of {@code --rounds} are there to absorb.) Never waits longer than
 * {@code --settle-seconds} (60 s, 5 s with {@code --quick}): on a machine shared with other work it may never be
 * quiet, and then the run says so and measures anyway.
 */
final class Settle {

    static final double CPU_QUIET = 0.15;
    static final long DIRTY_QUIET_BYTES = 32L << 20;
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private Settle() {
    }

    /** What the wait found, for the progress line and the JSON. */
    record Outcome(boolean checked, boolean quiet, Duration waited, double cpu, OptionalLong dirtyBytes) {
        String describe() {
            if (!checked) {
                return "not waiting for a quiet machine (--settle-seconds 0)";
            }
            String dirty = dirtyBytes.isPresent()
                    ? String.format(Locale.ROOT, ", %,d MB dirty", dirtyBytes.getAsLong() >> 20) : "";
            return String.format(Locale.ROOT, "%s after %.1f s (system CPU %.0f%%%s)",
                    quiet ? "quiet" : "not quiet, measuring anyway,", waited.toMillis() / 1e3, 100 * cpu, dirty);
        }
    }

    /** Waits at most {@code maxWait}; zero does not wait (and reports nothing measured). */
    static Outcome untilQuiet(Duration maxWait, BenchProgress progress) throws InterruptedException {
        if (maxWait.isZero()) {
            return new Outcome(false, false, Duration.ZERO, 0, OptionalLong.empty());
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        os.getCpuLoad(); // the first call only starts the sample
        long told = start;
        while (true) {
            Thread.sleep(1_000); // the CPU sample's length: getCpuLoad() averages since the previous call
            double cpu = os.getCpuLoad();
            OptionalLong dirty = dirtyBytes();
            boolean quiet = cpu >= 0 && cpu < CPU_QUIET
                    && (dirty.isEmpty() || dirty.getAsLong() < DIRTY_QUIET_BYTES);
            long now = System.nanoTime();
            if (quiet || now >= deadline) {
                return new Outcome(true, quiet, Duration.ofNanos(now - start), Math.max(cpu, 0), dirty);
            }
            if (now - told >= 10_000_000_000L) {
                told = now;
                progress.step("waiting for a quiet machine: %s", new Outcome(true, false, Duration.ofNanos(
                        now - start), Math.max(cpu, 0), dirty).describe().replace("not quiet, measuring anyway, ",
                        "still busy "));
            }
        }
    }

    /** {@code Dirty:} of /proc/meminfo, or empty where there is no such file (not Linux). */
    static OptionalLong dirtyBytes() {
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("Dirty:")) {
                    String[] f = line.trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(f[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format this does not know: CPU alone decides
        }
        return OptionalLong.empty();
    }
}
