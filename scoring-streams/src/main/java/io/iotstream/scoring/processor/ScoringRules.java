package io.iotstream.scoring.processor;

import java.time.Duration;
import java.util.Objects;

/**
 * How the scoring processor scores and what it emits.
 *
 * @param cadence per interval or per event
 * @param interval the reporting interval: scoring in {@link Cadence#INTERVAL} mode, counters and metrics always
 * @param emit transitions only, or every score
 * @param topK how many sensors an alert names, by contribution (0 for none)
 * @param recomputeEvery updates between full recomputations of a device's margin (bounds rounding drift)
 */
public record ScoringRules(Cadence cadence, Duration interval, Emit emit, int topK, int recomputeEvery) {

    public ScoringRules {
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(emit, "emit");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval is " + interval + ": use at least 1 ms");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK is " + topK + ": use 0 or more");
        }
        if (recomputeEvery < 1) {
            throw new IllegalArgumentException("recomputeEvery is " + recomputeEvery + ": use at least 1");
        }
    }
}
