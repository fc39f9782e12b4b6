package io.iotstream.devservices;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling waits with a deadline and a description: the only way tests in this project wait for something.
 *
 * <p>The condition is evaluated at once, then again after a short, growing pause (10 ms up to 200 ms) until it
 * holds or the timeout has passed. A condition that throws a {@link RuntimeException} or an
 * {@link AssertionError} counts as "not yet", so an AssertJ assertion can be used as the condition; the last such
 * failure becomes the cause of the {@link AssertionError} thrown at the deadline, whose message names the
 * description and the timeout.
 *
 * <p>A lambda whose body only throws fits both overloads; cast it, e.g. {@code (BooleanSupplier) () -> ...}.
 */
public final class Await {

    private static final long FIRST_PAUSE_MS = 10;
    private static final long MAX_PAUSE_MS = 200;

    private Await() {
    }

    /**
     * Waits until {@code condition} returns {@code true}.
     *
     * @param description what is awaited, e.g. {@code "topic t has 3 partitions"}; used in the failure message
     * @param timeout how long to keep trying
     * @param condition polled until it returns true
     * @throws AssertionError if the condition did not hold before the deadline
     */
    public static void until(String description, Duration timeout, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        until(description, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /**
     * Waits until {@code valueOrNull} returns a non-null value, and returns it.
     *
     * @param description what is awaited; used in the failure message
     * @param timeout how long to keep trying
     * @param valueOrNull polled until it returns non-null
     * @param <T> the value's type
     * @return the first non-null value
     * @throws AssertionError if no value was produced before the deadline
     */
    public static <T> T until(String description, Duration timeout, Supplier<T> valueOrNull) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(valueOrNull, "valueOrNull");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        Throwable lastFailure = null;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                T value = valueOrNull.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException | AssertionError e) {
                lastFailure = e;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                break;
            }
            long sleepMs = Math.min(pause, Math.max(1, (deadline - now) / 1_000_000));
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                AssertionError error = new AssertionError("Interrupted while waiting for: " + description);
                error.initCause(e);
                throw error;
            }
            pause = Math.min(MAX_PAUSE_MS, pause * 2);
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        String message = "Timed out after " + waited.toMillis() + " ms (timeout " + timeout + ", " + attempts
                + " attempts) waiting for: " + description
                + (lastFailure == null ? "" : " (last failure: " + lastFailure + ")");
        AssertionError error = new AssertionError(message);
        if (lastFailure != null) {
            error.initCause(lastFailure);
        }
        throw error;
    }
}
