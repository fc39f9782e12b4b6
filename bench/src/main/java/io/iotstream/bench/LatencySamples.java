package io.iotstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The alerts of one latency row as they arrive: each alert's event time (of the newest reading it scores) and its
 * latency (arrival wall clock minus that event time). The figures split at the end of the warm-up: the rows report
 * the alerts for events at or after it (steady state at the offered load), and the warm-up's own figures show what a
 * cold start costs. The per-second timeline shows both, for the JSON and the latency chart.
 *
 * <p>Percentiles are taken as before session 4: in the n latencies sorted, p50 is the one at index n / 2 and p99 the
 * one at index ⌊0.99 n⌋ (so for 100 alerts or fewer, p99 is the max).
 *
 * <p>Filled by one consumer thread; read once it has stopped.
 */
final class LatencySamples {

    /** About 10 minutes of alerts at 100,000 events/s over 10,000 devices: far more than a row runs. */
    static final int MAX_SAMPLES = 4_000_000;

    /** Percentiles of a set of latencies, in ms. */
    record Figures(int count, long p50, long p99, long max) {

        static final Figures NONE = new Figures(0, 0, 0, 0);

        static Figures of(int[] latencies, int count) {
            if (count == 0) {
                return NONE;
            }
            int[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return new Figures(count, sorted[count / 2], sorted[Math.min(count - 1, (int) (count * 0.99))],
                    sorted[count - 1]);
        }
    }

    /**
     * One second of the feed, by event time.
     *
     * @param second whole seconds since the feed started: the alerts for events in [second, second + 1)
     */
    record Second(int second, Figures figures) {
    }

    private final long feedStart;
    private final long timedFrom;
    private final int capacity;
    /** Per alert, its event time in ms since the feed started, and its latency in ms; grown as alerts come. */
    private int[] eventOffsets = new int[1 << 16];
    private int[] latencies = new int[1 << 16];
    private int count;
    private long dropped;
    private Duration cutOffAfter;

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
        this.capacity = capacity;
    }

    /**
     * Records one alert. An alert for an event before the feed started (an earlier run's) or after it arrived (not
     * from this clock) is not this row's and is ignored; one beyond capacity is counted as dropped.
     */
    void add(long eventTime, long arrival) {
        if (eventTime < feedStart || eventTime > arrival || arrival - feedStart > Integer.MAX_VALUE) {
            return;
        }
        if (count == capacity) {
            dropped++;
            return;
        }
        if (count == latencies.length) {
            int grown = (int) Math.min(capacity, 2L * latencies.length);
            eventOffsets = Arrays.copyOf(eventOffsets, grown);
            latencies = Arrays.copyOf(latencies, grown);
        }
        eventOffsets[count] = (int) (eventTime - feedStart);
        latencies[count++] = (int) (arrival - eventTime);
    }

    /** Reading stopped while alerts were still arriving, {@code drainLimit} after the feed ended: the rows say so. */
    void cutOff(Duration drainLimit) {
        cutOffAfter = drainLimit;
    }

    /** Alerts not recorded because the samples were full: the rows leave them out, and say so. */
    long dropped() {
        return dropped;
    }

    /** The alerts for events at or after the end of the warm-up: what the rows report. */
    Figures timed() {
        return figures(warmUpMillis(), Integer.MAX_VALUE);
    }

    /** The alerts for events in the warm-up: the cold start. */
    Figures warmUp() {
        return figures(0, warmUpMillis());
    }

    /** Every second of the feed that has alerts, in order (seconds without alerts are left out). */
    List<Second> timeline() {
        int n = count;
        int seconds = 0;
        for (int i = 0; i < n; i++) {
            seconds = Math.max(seconds, eventOffsets[i] / 1000 + 1);
        }
        // Bucket the latencies by second in one pass: [start[s], start[s + 1]) of bySecond is second s.
        int[] start = new int[seconds + 1];
        for (int i = 0; i < n; i++) {
            start[eventOffsets[i] / 1000 + 1]++;
        }
        for (int s = 0; s < seconds; s++) {
            start[s + 1] += start[s];
        }
        int[] bySecond = new int[n];
        int[] next = Arrays.copyOf(start, seconds);
        for (int i = 0; i < n; i++) {
            bySecond[next[eventOffsets[i] / 1000]++] = latencies[i];
        }
        List<Second> timeline = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            int inSecond = start[s + 1] - start[s];
            if (inSecond > 0) {
                timeline.add(new Second(s, Figures.of(Arrays.copyOfRange(bySecond, start[s], start[s + 1]),
                        inSecond)));
            }
        }
        return timeline;
    }

    /**
     * The rows of one system: p50, p99 and max of the timed alerts, and the max of the warm-up's (how far behind a
     * cold start fell) when the warm-up had alerts.
     *
     * @param system as the rows name it ("IoTStream", "Spark")
     * @param how how it was measured, the start of every row's note
     * @throws IllegalStateException when no alert for an event after the warm-up arrived
     */
    List<Result> rows(String system, String how) {
        Figures timed = timed();
        if (timed.count() == 0) {
            throw new IllegalStateException(system + ": no alert for an event after the warm-up arrived (" + count
                    + " in the warm-up" + (dropped > 0 ? ", " + dropped + " dropped: the samples were full" : "")
                    + "): it did not keep up or did not run");
        }
        Figures warm = warmUp();
        StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "%s; %,d alerts after the %d s warm-up",
                how, timed.count(), warmUpMillis() / 1000));
        if (warm.count() > 0) {
            note.append(String.format(Locale.ROOT, "; in the warm-up (cold start) %,d alerts, p50/p99/max "
                    + "%,d/%,d/%,d ms", warm.count(), warm.p50(), warm.p99(), warm.max()));
        }
        if (dropped > 0) {
            note.append(String.format(Locale.ROOT, "; %,d later alerts not counted (more than %,d)", dropped,
                    capacity));
        }
        if (cutOffAfter != null) {
            note.append(String.format(Locale.ROOT, "; alerts were still arriving %d s after the feed ended and the "
                    + "later ones are not counted: it fell behind", cutOffAfter.toSeconds()));
        }
        String prefix = system + " event to alert ";
        List<Result> rows = new ArrayList<>(List.of(
                new Result("latency", prefix + "p50", timed.p50(), Result.Unit.MILLISECONDS, note.toString()),
                new Result("latency", prefix + "p99", timed.p99(), Result.Unit.MILLISECONDS, note.toString()),
                new Result("latency", prefix + "max", timed.max(), Result.Unit.MILLISECONDS, note.toString())));
        if (warm.count() > 0) {
            rows.add(new Result("latency", prefix + "max in the warm-up", warm.max(), Result.Unit.MILLISECONDS,
                    note.toString()));
        }
        return rows;
    }

    private int warmUpMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timedFrom - feedStart);
    }

    /** The latencies of the alerts whose event fell in [from, until) ms of the feed. */
    private Figures figures(int from, int until) {
        int n = count;
        int[] selected = new int[n];
        int in = 0;
        for (int i = 0; i < n; i++) {
            if (eventOffsets[i] >= from && eventOffsets[i] < until) {
                selected[in++] = latencies[i];
            }
        }
        return Figures.of(selected, in);
    }
}
