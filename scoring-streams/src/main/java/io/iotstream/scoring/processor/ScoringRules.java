package io.iotstream.scoring.processor;

import io.iotstream.scoring.policy.AlertPolicy;
import io.iotstream.scoring.policy.TransitionPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the scoring processor scores and what it emits.
 *
 * @param cadence per interval or per event
 * @param interval the length of a scoring interval in event time ({@link Cadence#INTERVAL} mode), and the pace of
 *     the wall-clock reports (counters, metrics) in both modes
 * @param grace interval mode: how long after an interval's end, in event time, readings of it are still awaited
 * @param idleClose interval mode: how long a task's input may be silent (wall clock) before the intervals it holds
 *     open are scored without waiting for later readings
 * @param emit transitions only, or every score
 * @param topK how many sensors an alert names, by contribution (0 for none)
 * @param recomputeEvery updates between full recomputations of a device's margin (bounds rounding drift)
 * @param valueMin smallest sensor value scored (a smaller one is a dead letter), or negative infinity for no limit
 * @param valueMax largest sensor value scored, or positive infinity for no limit
 * @param registryWait how long a record waits for an unreachable schema registry before its stream thread gives up
 *     (restarting its tasks from their last commit)
 */
public record ScoringRules(Cadence cadence, Duration interval, Duration grace, Duration idleClose, Emit emit,
        int topK, int recomputeEvery, double valueMin, double valueMax, Duration registryWait) {

    public ScoringRules {
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(idleClose, "idleClose");
        Objects.requireNonNull(emit, "emit");
        Objects.requireNonNull(registryWait, "registryWait");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval is " + interval + ": use at least 1 ms");
        }
        if (grace.isNegative() || idleClose.toMillis() < 1 || registryWait.isNegative()) {
            throw new IllegalArgumentException("grace " + grace + ", idle close " + idleClose + " and registry wait "
                    + registryWait + ": use 0 or more (idle close at least 1 ms)");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK is " + topK + ": use 0 or more");
        }
        if (recomputeEvery < 1) {
            throw new IllegalArgumentException("recomputeEvery is " + recomputeEvery + ": use at least 1");
        }
        if (Double.isNaN(valueMin) || Double.isNaN(valueMax) || valueMin > valueMax) {
            throw new IllegalArgumentException("value range [" + valueMin + ", " + valueMax + "] is empty");
        }
    }

    /** The alert policy these rules call for: the model's decision, alerted on change (and every score with ALL). */
    public AlertPolicy alertPolicy() {
        return new TransitionPolicy(emit == Emit.ALL);
    }
}
