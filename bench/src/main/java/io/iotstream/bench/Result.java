package io.iotstream.bench;

import java.util.List;
import java.util.Objects;

/**
 * One row of the benchmark's table.
 *
 * @param section which part of the run (ceiling, scorer, peer, latency, batch)
 * @param name what ran, as printed
 * @param value the measured figure
 * @param unit {@link Unit#EVENTS_PER_S} rows get ratios; the others are reported as measured
 * @param note how it was measured or why it is what it is (shown in the JSON and the table)
 * @param cpu CPU nanoseconds per record over the measured interval, or null where not measured (only the Streams
 *     rows measure it)
 * @param rounds with {@code --rounds N > 1}, every round's value in round order (then {@code value} is their
 *     median); empty for a row measured once
 */
public record Result(String section, String name, double value, Unit unit, String note, Cpu cpu,
        List<Double> rounds) {

    /**
     * CPU nanoseconds per record; NaN where a figure is not available (the broker's when the bench did not start it).
     *
     * @param streamThreadsNs the application's stream threads
     * @param jvmNs the whole bench JVM (stream threads, producers, the measuring itself)
     * @param brokerNs the broker's child JVM
     */
    public record Cpu(double streamThreadsNs, double jvmNs, double brokerNs) {
    }

    /** What a row's value counts. */
    public enum Unit {
        EVENTS_PER_S("events/s"), MILLISECONDS("ms"), MB_PER_S_PER_CORE("MB/s per core"), SECONDS("s");

        private final String label;

        Unit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Result {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        note = note == null ? "" : note;
        rounds = rounds == null ? List.of() : List.copyOf(rounds);
    }

    public Result(String section, String name, double value, Unit unit, String note) {
        this(section, name, value, unit, note, null, List.of());
    }

    public Result withCpu(Cpu cpu) {
        return new Result(section, name, value, unit, note, cpu, rounds);
    }

    /**
     * One row from the same row measured in several rounds: the median value, every round's value, and the CPU
     * figures of the round nearest the median (CPU per record and events/s go together).
     */
    public static Result median(List<Result> sameRow) {
        if (sameRow.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        Result first = sameRow.get(0);
        if (sameRow.size() == 1) {
            return first;
        }
        List<Double> values = sameRow.stream().map(Result::value).toList();
        double median = medianOf(values);
        Result nearest = sameRow.stream()
                .min(java.util.Comparator.comparingDouble(r -> Math.abs(r.value() - median))).orElseThrow();
        return new Result(first.section(), first.name(), median, first.unit(), first.note(), nearest.cpu(), values);
    }

    /** The median; the mean of the two middle values for an even count. */
    public static double medianOf(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static Result rate(String section, String name, double eventsPerSecond, String note) {
        return new Result(section, name, eventsPerSecond, Unit.EVENTS_PER_S, note);
    }
}
