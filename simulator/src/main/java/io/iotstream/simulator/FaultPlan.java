package io.iotstream.simulator;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which devices fail, when, and what their values look like: the simulator's known answers.
 *
 * <p>With a fault plan every value is drawn from one of two ranges on either side of the rule's boundary level
 * {@code b = cutoff / (1 + 2 + ... + n)} (the level at which a vector of equal values scores exactly the cutoff;
 * 0.5 for the standard rule) with a margin {@code m = }{@value #MARGIN}:
 * <ul>
 *   <li>healthy: uniform in {@code [0, b - m)}, so every vector of healthy values scores below
 *       {@code (b - m)·n(n+1)/2 = cutoff - m·n(n+1)/2}: never labelled 1, whatever the sensor mix;
 *   <li>failing: uniform in {@code [b + m, 1)}, so every vector of failing values scores at least
 *       {@code cutoff + m·n(n+1)/2}: always labelled 1.
 * </ul>
 * Healthy devices draw healthy values throughout. A faulty device draws healthy values until the fault starts,
 * then drifts: with {@code f} rising linearly from 0 to 1 over the drift time (at once when the drift is zero),
 * a value is {@code (1 - f)·healthy(u) + f·failing(u)} for the same uniform {@code u}. From {@code f = 1} on it
 * draws failing values only; once each of its sensors has reported a failing value, its latest-value vector is
 * certainly in the failure region.
 *
 * <p>Without a fault plan (no {@code --faulty-devices}) values are uniform in [0,1) like the original's, and
 * about half of all vectors score above the standard cutoff: no device is then reliably healthy or failing.
 *
 * <p>Not thread-safe: the fault start is set by the simulation thread when it is reached.
 */
public final class FaultPlan {

    /** Distance of both value ranges from the boundary level, as a share of the value range [0,1). */
    public static final double MARGIN = 0.05;
    /** The STREAMING-domain stream index that picks the faulty devices; devices use indexes 0 and up. */
    static final long FAULT_SELECTION_STREAM = -1;
    private static final double FAILING_TOP = Math.nextDown(1.0);

    private final FailureRule rule;
    private final double healthyMax;
    private final double failingMin;
    private final double healthyTop;
    private final boolean[] faulty;
    private final int[] faultyDevices;
    private final long driftNanos;
    private long startOffset = Long.MAX_VALUE;

    private FaultPlan(FailureRule rule, double healthyMax, double failingMin, boolean[] faulty, int[] faultyDevices,
            long driftNanos) {
        this.rule = rule;
        this.healthyMax = healthyMax;
        this.failingMin = failingMin;
        this.healthyTop = Math.nextDown(healthyMax);
        this.faulty = faulty;
        this.faultyDevices = faultyDevices;
        this.driftNanos = driftNanos;
    }

    /**
     * A plan where {@code faultyCount} of {@code devices} devices, picked at random from {@code seed}, fail.
     *
     * @param driftNanos how long the drift from healthy to failing values takes; 0 for a step
     * @throws IllegalArgumentException if the counts are out of range, or the rule's cutoff leaves no room for
     *     both value ranges
     */
    public static FaultPlan create(FailureRule rule, int devices, int faultyCount, long seed, long driftNanos) {
        if (faultyCount < 0 || faultyCount > devices) {
            throw new IllegalArgumentException("--faulty-devices is " + faultyCount + ": use 0.." + devices
                    + " (the number of --devices)");
        }
        if (driftNanos < 0) {
            throw new IllegalArgumentException("--fault-drift is negative: use 0 (a step) or a positive duration");
        }
        double boundary = boundaryLevel(rule);
        double healthyMax = boundary - MARGIN;
        double failingMin = boundary + MARGIN;
        if (!(healthyMax > 0 && failingMin < 1)) {
            throw new IllegalArgumentException("the failure rule's cutoff " + rule.cutoff() + " puts the boundary "
                    + "value level at " + boundary + ": healthy and failing values need " + MARGIN + " of room on "
                    + "either side within [0,1); use a cutoff between " + (MARGIN + 1e-9) * sumOfSensorNumbers(rule)
                    + " and " + (1 - MARGIN - 1e-9) * sumOfSensorNumbers(rule));
        }
        int[] chosen = pick(devices, faultyCount, SeedDomain.STREAMING.random(seed, FAULT_SELECTION_STREAM));
        boolean[] faulty = new boolean[devices];
        for (int d : chosen) {
            faulty[d] = true;
        }
        return new FaultPlan(rule, healthyMax, failingMin, faulty, chosen, driftNanos);
    }

    /** {@code cutoff / (1 + ... + n)}: a vector whose values all equal it scores exactly the cutoff. */
    static double boundaryLevel(FailureRule rule) {
        return rule.cutoff() / sumOfSensorNumbers(rule);
    }

    private static double sumOfSensorNumbers(FailureRule rule) {
        return rule.sensors() * (rule.sensors() + 1.0) / 2.0;
    }

    /** Floyd's sampling: {@code k} distinct devices, sorted. */
    private static int[] pick(int devices, int k, SplittableRandom random) {
        java.util.BitSet chosen = new java.util.BitSet(devices);
        for (int j = devices - k; j < devices; j++) {
            int t = random.nextInt(j + 1);
            chosen.set(chosen.get(t) ? j : t);
        }
        return chosen.stream().toArray();
    }

    /** Starts the fault at {@code offsetNanos} since the simulation started (once; later calls are ignored). */
    public void startAt(long offsetNanos) {
        if (startOffset == Long.MAX_VALUE) {
            startOffset = offsetNanos;
        }
    }

    /** Whether the fault has started. */
    public boolean started() {
        return startOffset != Long.MAX_VALUE;
    }

    /** The fault's start in nanoseconds since the simulation started, or {@link Long#MAX_VALUE} if not yet. */
    public long startOffset() {
        return startOffset;
    }

    /** How far {@code device} has drifted at {@code offsetNanos}: 0 healthy, 1 failing. */
    public double drift(int device, long offsetNanos) {
        if (!faulty[device] || offsetNanos < startOffset) {
            return 0;
        }
        if (driftNanos == 0) {
            return 1;
        }
        long into = offsetNanos - startOffset;
        return into >= driftNanos ? 1 : (double) into / driftNanos;
    }

    /** The value for uniform draw {@code u} in [0,1) at drift {@code f}. */
    public double value(double u, double f) {
        // min(): for u just below 1 the products can round up onto the ranges' open ends
        double healthy = Math.min(u * healthyMax, healthyTop);
        if (f == 0) {
            return healthy;
        }
        double failing = Math.min(failingMin + u * (1 - failingMin), FAILING_TOP);
        return f == 1 ? failing : healthy + f * (failing - healthy);
    }

    public boolean isFaulty(int device) {
        return faulty[device];
    }

    /** The faulty devices' indexes, ascending. */
    public int[] faultyDevices() {
        return Arrays.copyOf(faultyDevices, faultyDevices.length);
    }

    public int devices() {
        return faulty.length;
    }

    public FailureRule rule() {
        return rule;
    }

    /** Healthy values are in {@code [0, healthyMax())}. */
    public double healthyMax() {
        return healthyMax;
    }

    /** Failing values are in {@code [failingMin(), 1)}. */
    public double failingMin() {
        return failingMin;
    }

    /** Every vector of healthy values scores below this. */
    public double healthyScoreBelow() {
        return healthyMax * sumOfSensorNumbers(rule);
    }

    /** Every vector of failing values scores at least this. */
    public double failingScoreAtLeast() {
        return failingMin * sumOfSensorNumbers(rule);
    }

    public long driftNanos() {
        return driftNanos;
    }
}
