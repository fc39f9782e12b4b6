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
 */
public record Result(String section, String name, double value, Unit unit, String note) {

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

    public static Result rate(String section, String name, double eventsPerSecond, String note) {
        return new Result(section, name, eventsPerSecond, Unit.EVENTS_PER_S, note);
    }
}
