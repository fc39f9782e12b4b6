package io.iotstream.simulator;

/**
 * A clock that only moves when the code under test parks (by the time asked plus a fixed lateness, as the OS
 * wakes a parked thread late) or when the test advances it; counts parks and reads.
 */
public final class FakeTicker implements Ticker {

    private long now;
    private final long latenessNanos;
    private final long nanosPerRead;
    long parks;
    long reads;
    long parkedNanos;

    /** Parks are exact and reading the clock takes no time. */
    public FakeTicker() {
        this(0, 0);
    }

    /**
     * @param latenessNanos how much later than asked a park returns
     * @param nanosPerRead how far each read moves the clock (the cost of the work between reads)
     */
    public FakeTicker(long latenessNanos, long nanosPerRead) {
        this.latenessNanos = latenessNanos;
        this.nanosPerRead = nanosPerRead;
        this.now = 1_000_000_000L;
    }

    @Override
    public long nanoTime() {
        reads++;
        now += nanosPerRead;
        return now;
    }

    @Override
    public void parkNanos(long nanos) {
        parks++;
        parkedNanos += nanos;
        now += Math.max(0, nanos) + latenessNanos;
    }

    public void advance(long nanos) {
        now += nanos;
    }

    public long now() {
        return now;
    }
}
