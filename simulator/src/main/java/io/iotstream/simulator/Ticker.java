package io.iotstream.simulator;

import java.util.concurrent.locks.LockSupport;

/**
 * Monotonic time and a way to wait for it, so that pacing can be tested with a fake clock instead of sleeps.
 */
public interface Ticker {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Waits for about {@code nanos} nanoseconds, or less if woken: callers re-read {@link #nanoTime()}.
     */
    void parkNanos(long nanos);

    /** {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}: no core is kept busy while waiting. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /** The system ticker. */
    enum SystemTicker implements Ticker {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    }
}
