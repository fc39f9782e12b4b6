package io.iotstream.scoring.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log line per reporting interval, like the original benchmark's:
 * {@code Interval 42: 1250000 events, 3 devices need attention (5 alerts, 0 records in error; model m:7)}.
 * Per-record outcomes go to metrics and the dead-letter topic, never to the log.
 */
public final class IntervalLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntervalLog.class);

    private final ScoringMetrics metrics;
    private final Supplier<String> model;
    private final ScheduledExecutorService executor;
    private long interval;
    private long events;
    private long alerts;
    private long errors;

    private IntervalLog(ScoringMetrics metrics, Supplier<String> model) {
        this.metrics = metrics;
        this.model = model;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iotstream-interval-log");
            t.setDaemon(true);
            return t;
        });
        this.events = metrics.readings() + metrics.frames();
        this.alerts = metrics.alerts();
        this.errors = metrics.errors();
    }

    /** Logs every {@code every}, at INFO. */
    public static IntervalLog start(ScoringMetrics metrics, Supplier<String> model, Duration every) {
        IntervalLog log = new IntervalLog(Objects.requireNonNull(metrics, "metrics"), model);
        long ms = every.toMillis();
        log.executor.scheduleAtFixedRate(log::logOnce, ms, ms, TimeUnit.MILLISECONDS);
        return log;
    }

    /** The line for the interval just ended; package-visible for tests. */
    String line() {
        long e = metrics.readings() + metrics.frames();
        long a = metrics.alerts();
        long x = metrics.errors();
        String line = "Interval " + (++interval) + ": " + (e - events) + " events, " + metrics.devicesAttention()
                + " devices need attention (" + (a - alerts) + " alerts, " + (x - errors) + " records in error; model "
                + model.get() + ")";
        events = e;
        alerts = a;
        errors = x;
        return line;
    }

    private void logOnce() {
        if (LOG.isInfoEnabled()) {
            LOG.info(line());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
