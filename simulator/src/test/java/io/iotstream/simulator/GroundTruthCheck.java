package io.iotstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotstream.model.synthetic.FailureRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a ground-truth file against the readings that were actually sent (in the order each device sent them),
 * using only what the file says: what an end-to-end test has to go on.
 */
public final class GroundTruthCheck {

    /** One reading as a consumer sees it. */
    public record Reading(String deviceId, int sensor, double value) {
    }

    private GroundTruthCheck() {
    }

    /**
     * Asserts that healthy devices only sent healthy values and their latest-value vectors always scored below the
     * cutoff; that faulty devices sent healthy values before their drift, failing values from their first failing
     * event, and score above the cutoff from their all-sensors-failing event on (and not all sensors failed
     * before it); and that, at the end, exactly the faulty devices that reached it score above the cutoff.
     *
     * @param tolerance how far values may lie outside the ranges: 0 for values read from Kafka (exact doubles),
     *     {@code 5e-6} for event lines (five decimals, rounded)
     * @return the devices whose latest-value vector scores above the cutoff at the end
     */
    public static Set<String> assertConsistent(JsonNode truth, List<Reading> readings, double tolerance) {
        int sensors = truth.get("sensors").asInt();
        FailureRule rule = FailureRule.withCutoff(sensors, truth.get("rule").get("cutoff").asDouble());
        double healthyMax = truth.get("healthyValues").get(1).asDouble();
        double failingMin = truth.get("failingValues").get(0).asDouble();
        Map<String, List<Reading>> byDevice = new LinkedHashMap<>();
        for (Reading r : readings) {
            byDevice.computeIfAbsent(r.deviceId(), k -> new ArrayList<>()).add(r);
        }
        Set<String> healthy = new HashSet<>();
        truth.get("healthyDevices").forEach(d -> healthy.add(d.asText()));
        Map<String, JsonNode> faulty = new LinkedHashMap<>();
        truth.get("faultyDevices").forEach(d -> faulty.put(d.get("deviceId").asText(), d));
        assertThat(healthy).doesNotContainAnyElementsOf(faulty.keySet());
        assertThat(healthy.size() + faulty.size()).isEqualTo(truth.get("devices").asInt());
        assertThat(byDevice.keySet()).allSatisfy(d -> assertThat(healthy.contains(d) || faulty.containsKey(d))
                .as("device %s is in the ground truth", d).isTrue());

        Set<String> alerting = new HashSet<>();
        for (Map.Entry<String, List<Reading>> entry : byDevice.entrySet()) {
            String device = entry.getKey();
            List<Reading> sent = entry.getValue();
            JsonNode truthOf = faulty.get(device);
            long drifting = eventIndex(truthOf, "firstDriftingEvent");
            long failing = eventIndex(truthOf, "firstFailingEvent");
            long allFailing = eventIndex(truthOf, "allSensorsFailingEvent");
            double[] latest = new double[sensors];
            boolean[] seen = new boolean[sensors];
            boolean[] failingValue = new boolean[sensors];
            int seenCount = 0;
            for (int i = 0; i < sent.size(); i++) {
                Reading r = sent.get(i);
                int s = r.sensor() - 1;
                if (!seen[s]) {
                    seen[s] = true;
                    seenCount++;
                }
                latest[s] = r.value();
                if (truthOf == null || i < drifting) {
                    assertThat(r.value()).as("%s event %d: healthy value", device, i)
                            .isGreaterThanOrEqualTo(0.0).isLessThan(healthyMax + tolerance);
                }
                if (truthOf != null && i >= failing) {
                    assertThat(r.value()).as("%s event %d: failing value", device, i)
                            .isGreaterThanOrEqualTo(failingMin - tolerance).isLessThan(1.0 + tolerance);
                    failingValue[s] = true;
                } else {
                    failingValue[s] = false;
                }
                boolean allAreFailing = true;
                for (boolean f : failingValue) {
                    allAreFailing &= f;
                }
                if (truthOf != null && i == allFailing - 1) {
                    assertThat(allAreFailing).as("%s: all sensors failing before event %d", device, allFailing)
                            .isFalse();
                }
                if (truthOf != null && i >= allFailing) {
                    assertThat(allAreFailing).isTrue();
                    assertThat(rule.score(latest)).as("%s event %d: score", device, i)
                            .isGreaterThanOrEqualTo(truth.get("failingScoreAtLeast").asDouble() - 1e-9 - tolerance * sum(sensors));
                }
                if (seenCount == sensors && (truthOf == null || i < drifting)) {
                    assertThat(rule.score(latest)).as("%s event %d: score", device, i)
                            .isLessThan(truth.get("healthyScoreBelow").asDouble() + tolerance * sum(sensors));
                }
            }
            if (seenCount == sensors && rule.label(latest) == 1) {
                alerting.add(device);
            }
        }
        Set<String> reachedFailure = new HashSet<>();
        faulty.forEach((device, node) -> {
            if (!node.get("allSensorsFailingEvent").isNull()) {
                reachedFailure.add(device);
            }
        });
        assertThat(alerting).as("devices scoring above the cutoff at the end").isEqualTo(reachedFailure);
        return alerting;
    }

    private static double sum(int sensors) {
        return sensors * (sensors + 1) / 2.0;
    }

    private static long eventIndex(JsonNode device, String field) {
        if (device == null || device.get(field).isNull()) {
            return Long.MAX_VALUE;
        }
        return device.get(field).get("deviceEvent").asLong();
    }
}
