package io.iotstream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.schemas.AlertKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The known workload of the fault scenarios: a few seconds of simulated readings from a fleet in which some devices
 * drift into failure, with the simulator's ground truth to check the reconciled alerts against.
 *
 * @param devices fleet size
 * @param sensors sensors per device (and the model's features)
 * @param faulty devices that fail
 * @param events readings in all
 * @param rate readings per second
 */
record Workload(int devices, int sensors, int faulty, long events, int rate) {

    /** About 8 s of streaming: small enough for the CI budget, long enough to crash in the middle of. */
    static final Workload STANDARD = new Workload(100, 8, 30, 24_000, 3_000);

    /** The faulty devices start to drift after a quarter of the events, over 3 s: alerts flow mid-stream. */
    SimulatorRun start(Stack stack, long seed) {
        return SimulatorRun.start(stack, seed, devices, sensors, faulty, events, rate, events / 4, "3s",
                groundTruth(stack));
    }

    /**
     * As {@link #start(Stack, long)}, with the faulty devices drifting from event {@code faultAfter} over
     * {@code drift}: a scenario that injects a fault at that point sees alerts due all through it.
     */
    SimulatorRun start(Stack stack, long seed, long faultAfter, java.time.Duration drift) {
        return SimulatorRun.start(stack, seed, devices, sensors, faulty, events, rate, faultAfter,
                drift.toSeconds() + "s", groundTruth(stack));
    }

    Path groundTruth(Stack stack) {
        return stack.dir.resolve("ground-truth.json");
    }

    /**
     * Checks the committed alerts against the ground truth: a device ends in attention only if it is faulty, and
     * every faulty device whose sensors all reported failing values ends in attention.
     */
    void checkAgainstGroundTruth(Stack stack, Map<String, List<AlertKind>> alertsByDevice) throws IOException {
        JsonNode truth = new ObjectMapper().readTree(groundTruth(stack).toFile());
        if (!truth.path("complete").asBoolean()) {
            throw new AssertionError("the ground truth is not complete: " + truth);
        }
        Set<String> faultyIds = new HashSet<>();
        Set<String> certain = new HashSet<>();
        for (JsonNode d : truth.path("faultyDevices")) {
            faultyIds.add(d.path("deviceId").asText());
            JsonNode all = d.path("allSensorsFailingEvent");
            if (!all.isMissingNode() && !all.isNull()) {
                certain.add(d.path("deviceId").asText());
            }
        }
        Set<String> endInAttention = new HashSet<>();
        alertsByDevice.forEach((device, kinds) -> {
            if (!kinds.isEmpty() && kinds.get(kinds.size() - 1) == AlertKind.ATTENTION) {
                endInAttention.add(device);
            }
        });
        Set<String> notFaulty = new HashSet<>(endInAttention);
        notFaulty.removeAll(faultyIds);
        if (!notFaulty.isEmpty()) {
            throw new AssertionError("healthy devices end in attention: " + notFaulty);
        }
        Set<String> missed = new HashSet<>(certain);
        missed.removeAll(endInAttention);
        if (!missed.isEmpty() || certain.isEmpty()) {
            throw new AssertionError("failing devices not in attention: " + missed + " (certain: " + certain + ")");
        }
    }
}
