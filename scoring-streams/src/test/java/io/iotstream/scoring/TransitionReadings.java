package io.iotstream.scoring;

import io.iotstream.model.score.LogisticScorer;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Readings round-robin over devices whose sensor 1 crosses the decision now and then, and the alerts an exactly-once
 * scorer in event mode must send for them: with {@link Models#sensorOneHigh}, a device needs attention exactly when
 * its latest sensor-1 value is above 0.5 (values keep away from 0.5 so that rounding never decides). Stateful and
 * deterministic, so a test can produce the stream in parts and still know what is due after each.
 */
final class TransitionReadings {

    private final LogisticScorer scorer;
    private final int devices;
    private final int sensors;
    private final Map<String, double[]> vectors = new HashMap<>();
    private final Map<String, Boolean> attention = new HashMap<>();
    private final Map<String, List<AlertKind>> expected = new LinkedHashMap<>();
    private final SplittableRandom random;
    private long time = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private int next;
    private int alerts;

    TransitionReadings(LogisticScorer scorer, int devices, long seed) {
        this.scorer = scorer;
        this.devices = devices;
        this.sensors = scorer.featureCount();
        this.random = new SplittableRandom(seed);
    }

    /** The next device's next reading; one in five sets sensor 1. */
    SensorReading next() {
        String device = "dev-" + next;
        next = (next + 1) % devices;
        double[] v = vectors.computeIfAbsent(device, k -> {
            double[] x = new double[sensors];
            Arrays.fill(x, 0.5);
            return x;
        });
        int sensor = random.nextInt(5) == 0 ? 1 : 2 + random.nextInt(sensors - 1);
        double value = random.nextDouble();
        if (sensor == 1) {
            value = random.nextBoolean() ? 0.55 + 0.45 * value : 0.45 * value;
        }
        v[sensor - 1] = value;
        boolean now = scorer.attention(v);
        if (now != attention.getOrDefault(device, false)) {
            attention.put(device, now);
            expected.computeIfAbsent(device, k -> new ArrayList<>()).add(now ? AlertKind.ATTENTION
                    : AlertKind.RECOVERY);
            alerts++;
        }
        return new SensorReading(device, sensor, value, Instant.ofEpochMilli(time++));
    }

    /** Alerts due for the readings so far. */
    int alerts() {
        return alerts;
    }

    /** Per device, the alert kinds due so far, in order. */
    Map<String, List<AlertKind>> expected() {
        return expected;
    }
}
