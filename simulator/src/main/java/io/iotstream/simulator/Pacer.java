package io.iotstream.simulator;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Paces events at an average rate with random, lognormally distributed gaps (mean {@code 1/rate}, standard
 * deviation half the mean, as the original benchmark meant its simulator to).
 *
 * <p>The pacer keeps a schedule: event {@code k} is due at {@code start + gap_0 + ... + gap_(k-1)}, so being late
 * for one event (a GC pause, a slow sink, the OS waking a parked thread late) does not shift the events after it,
 * and the achieved rate converges to the asked one instead of drifting below it. Late events are released at
 * once, in a burst, until the schedule is caught up.
 *
 * <p>Waiting parks the thread ({@link Ticker#parkNanos}); nothing spins. Gaps shorter than
 * {@link #MIN_PARK_NANOS} are not waited for: the event is released a little early and the next park evens it
 * out, so at high rates events leave in small batches, one park per batch, rather than one per event. Not
 * thread-safe.
 */
public final class Pacer {

    /**
     * Waits shorter than this are not worth a park: Linux wakes a parked thread some 50-100 µs late (timer
     * slack), so parking for less costs more lateness than it saves earliness.
     */
    public static final long MIN_PARK_NANOS = 50_000;

    private final Ticker ticker;
    private final SplittableRandom random;
    private final double mu;
    private final double sigma;
    private long startNanos;
    private long nextDueOffset;
    private long lastReading;
    private boolean started;

    /**
     * @param eventsPerSecond average rate, finite and positive
     * @param random the source of the random gaps
     */
    public Pacer(Ticker ticker, double eventsPerSecond, SplittableRandom random) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("rate " + eventsPerSecond + " events/s: use a positive number");
        }
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.random = Objects.requireNonNull(random, "random");
        double meanNanos = 1e9 / eventsPerSecond;
        // lognormal with mean m and standard deviation m/2: sigma^2 = ln(1 + (1/2)^2), mu = ln(m) - sigma^2/2
        double variance = Math.log(1.25);
        this.sigma = Math.sqrt(variance);
        this.mu = Math.log(meanNanos) - variance / 2;
    }

    /** Starts the schedule now: the first event is due at once. */
    public void start() {
        startNanos = ticker.nanoTime();
        nextDueOffset = 0;
        started = true;
    }

    /** The {@link Ticker#nanoTime()} the schedule started at. */
    public long startNanos() {
        checkStarted();
        return startNanos;
    }

    /** When the next event is due, in nanoseconds since {@link #start()}. */
    public long nextDueOffset() {
        checkStarted();
        return nextDueOffset;
    }

    /**
     * Waits until the next event is due and moves the schedule on to the one after it.
     *
     * @param beforeWait run once before the thread parks (not when the event is already due): the moment to flush
     *     buffered output, so that at low rates every event leaves on time
     * @param stopRequested checked after every park; a stop wakes the thread with {@link Thread#interrupt()} or
     *     {@link java.util.concurrent.locks.LockSupport#unpark}
     * @return the event's due time in nanoseconds since {@link #start()}, or -1 if a stop was requested while
     *     waiting
     */
    public long awaitNext(Runnable beforeWait, BooleanSupplier stopRequested) {
        checkStarted();
        long due = startNanos + nextDueOffset;
        lastReading = ticker.nanoTime();
        long remaining = due - lastReading;
        if (remaining >= MIN_PARK_NANOS) {
            beforeWait.run();
            do {
                ticker.parkNanos(remaining);
                if (stopRequested.getAsBoolean()) {
                    return -1;
                }
                lastReading = ticker.nanoTime();
                remaining = due - lastReading;
            } while (remaining >= MIN_PARK_NANOS);
        }
        long offset = nextDueOffset;
        nextDueOffset += nextGapNanos();
        return offset;
    }

    /**
     * The clock as last read by {@link #awaitNext}: when the event it returned was actually released (give or
     * take the time to return), in {@link Ticker#nanoTime()} terms.
     */
    public long lastReleaseNanos() {
        return lastReading;
    }

    /** One random gap, in nanoseconds (at least 1, so that the schedule always moves on). */
    long nextGapNanos() {
        return Math.max(1L, Math.round(Math.exp(mu + sigma * random.nextGaussian())));
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("Pacer used before start()");
        }
    }
}
