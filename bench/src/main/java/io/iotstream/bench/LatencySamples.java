package io.iotstream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The alerts of one latency row as they arrive: each alert's event time (of the newest reading it scores) and its
 * latency (arrival wall clock minus that event time). The figures split at the end of the warm-up: the rows report
 * the alerts for events after it (steady state at the offered load), and the warm-up's own figures show what a cold
 * start costs. The per-second timeline shows both, for the JSON and the latency chart.
 *
 * <p>Filled by one consumer thread; read once it has stopped.
 */
final class LatencySamples {

    /** About 10 minutes of alerts at 100,000 events/s over 10,000 devices: far more than a row runs. */
    static final int MAX_SAMPLES = 4_000_000;

    /** Percentiles of a set of latencies, in ms. */
    record Figures(int count, long p50, long p99, long max) {

        static final Figures NONE = new Figures(0, 0, 0, 0);

        static Figures of(long[] latencies, int count) {
            if (count == 0) {
                return NONE;
            }
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return new Figures(count, sorted[count / 2], sorted[Math.min(count - 1, (int) (count * 0.99))],
                    sorted[count - 1]);
        }
    }

    /**
     * One second of the feed, by event time.
     *
     * @param second whole seconds since the feed started
     */
    record Second(int second, Figures figures) {
    }

    private final long feedStart;
    private final long timedFrom;
    private final long[] eventTimes;
    private final long[] latencies;
    private int count;

    /**
     * @param feedStart when the simulator started offering events (epoch ms)
     * @param timedFrom the end of the warm-up (epoch ms): alerts for events from then on are the timed ones
     */
    LatencySamples(long feedStart, long timedFrom) {
        this(feedStart, timedFrom, MAX_SAMPLES);
    }

    LatencySamples(long feedStart, long timedFrom, int capacity) {
        if (timedFrom < feedStart) {
            throw new IllegalArgumentException("the warm-up ends before the feed starts");
        }
        this.feedStart = feedStart;
        this.timedFrom = timedFrom;
        this.eventTimes = new long[capacity];
        this.latencies = new long[capacity];
    }

    /** Records one alert; alerts for events before the feed started (none are expected) and beyond capacity are not. */
    void add(long eventTime, long arrival) {
        if (eventTime >= feedStart && count < latencies.length) {
            eventTimes[count] = eventTime;
            latencies[count++] = arrival - eventTime;
        }
    }

    /** The alerts for events after the warm-up: what the rows report. */
    Figures timed() {
        return figures(timedFrom, Long.MAX_VALUE);
    }

    /** The alerts for events in the warm-up: the cold start. */
    Figures warmUp() {
        return figures(feedStart, timedFrom);
    }

    /** Every second of the feed that has alerts, in order. */
    List<Second> timeline() {
        int seconds = 0;
        for (int i = 0; i < count; i++) {
            seconds = Math.max(seconds, second(eventTimes[i]) + 1);
        }
        // Bucket the latencies by second in one pass: [start[s], start[s + 1]) of bySecond is second s.
        int[] start = new int[seconds + 1];
        for (int i = 0; i < count; i++) {
            start[second(eventTimes[i]) + 1]++;
        }
        for (int s = 0; s < seconds; s++) {
            start[s + 1] += start[s];
        }
        long[] bySecond = new long[count];
        int[] next = Arrays.copyOf(start, seconds);
        for (int i = 0; i < count; i++) {
            bySecond[next[second(eventTimes[i])]++] = latencies[i];
        }
        List<Second> timeline = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            int n = start[s + 1] - start[s];
            if (n > 0) {
                timeline.add(new Second(s, Figures.of(Arrays.copyOfRange(bySecond, start[s], start[s + 1]), n)));
            }
        }
        return timeline;
    }

    /**
     * The rows of one system: p50, p99 and max of the timed alerts, and the max of the warm-up's (how far behind a
     * cold start fell).
     *
     * @param system as the rows name it ("IoTStream", "Spark")
     * @param how how it was measured, the start of every row's note
     * @throws IllegalStateException when no alert after the warm-up arrived
     */
    List<Result> rows(String system, String how) {
        Figures timed = timed();
        if (timed.count() == 0) {
            throw new IllegalStateException(system + ": no alert for an event after the warm-up arrived (" + count
                    + " in the warm-up): it did not keep up or did not run");
        }
        Figures warm = warmUp();
        int warmSeconds = (int) ((timedFrom - feedStart) / 1000);
        String note = String.format(Locale.ROOT, "%s; %,d alerts after the %d s warm-up; in the warm-up (cold "
                + "start) %,d alerts, p50/p99/max %,d/%,d/%,d ms", how, timed.count(), warmSeconds, warm.count(),
                warm.p50(), warm.p99(), warm.max());
        String prefix = system + " event to alert ";
        List<Result> rows = new ArrayList<>(List.of(
                new Result("latency", prefix + "p50", timed.p50(), Result.Unit.MILLISECONDS, note),
                new Result("latency", prefix + "p99", timed.p99(), Result.Unit.MILLISECONDS, note),
                new Result("latency", prefix + "max", timed.max(), Result.Unit.MILLISECONDS, note)));
        if (warm.count() > 0) {
            rows.add(new Result("latency", prefix + "max in the warm-up", warm.max(), Result.Unit.MILLISECONDS,
                    note));
        }
        return rows;
    }

    private int second(long eventTime) {
        return (int) ((eventTime - feedStart) / 1000);
    }

    private Figures figures(long from, long until) {
        long[] selected = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (eventTimes[i] >= from && eventTimes[i] < until) {
                selected[n++] = latencies[i];
            }
        }
        return Figures.of(selected, n);
    }
}
