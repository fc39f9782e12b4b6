package io.iotstream.bench;

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
 */
public record Result(String section, String name, double value, Unit unit, String note, Cpu cpu) {

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
    }

    public Result(String section, String name, double value, Unit unit, String note) {
        this(section, name, value, unit, note, null);
    }

    public Result withCpu(Cpu cpu) {
        return new Result(section, name, value, unit, note, cpu);
    }

    public static Result rate(String section, String name, double eventsPerSecond, String note) {
        return new Result(section, name, eventsPerSecond, Unit.EVENTS_PER_S, note);
    }
}
