package io.iotstream.scoring.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the store's live pointer every interval, the fallback for model events that do not arrive. A poll of an
 * unchanged pointer is one small conditional read ({@code If-None-Match} on S3): cheap enough to run every few
 * seconds on every instance.
 */
public final class ModelPoller implements AutoCloseable {

    private final ScheduledExecutorService executor;

    private ModelPoller(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Starts polling {@code models} every {@code interval}, first after one interval.
     */
    public static ModelPoller start(ModelHolder models, Duration interval) {
        Objects.requireNonNull(models, "models");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("poll interval is " + interval + ": use a positive duration");
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iotstream-model-poller");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> models.refresh("poll"), ms, ms, TimeUnit.MILLISECONDS);
        return new ModelPoller(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
