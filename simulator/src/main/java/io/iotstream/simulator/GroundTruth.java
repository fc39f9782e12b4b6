package io.iotstream.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * The known answers of a simulation with a {@link FaultPlan}, written as JSON to {@code --ground-truth}: which
 * devices fail and from which of their events on, so that an end-to-end test can check that exactly those
 * devices raise alerts. The file is written when the simulation starts ({@code "complete": false}, the plan) and
 * again when it ends ({@code "complete": true}, with what was sent); each write replaces the file atomically.
 *
 * <p>Events of a device are numbered from 0 in the order they were sent ({@code deviceEvent}); a device's records
 * share a key, hence a partition, so a consumer sees them in that order. See docs/simulator.md for the fields.
 */
public final class GroundTruth {

    /** Version of the file's layout; readers reject versions they do not know. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final SimulateConfig config;
    private final Fleet fleet;
    private final FaultPlan plan;
    private final int[] position;
    private final DeviceTruth[] faulty;
    private long startMillis;
    private long faultStartMillis = Long.MIN_VALUE;

    public GroundTruth(Path file, SimulateConfig config, Fleet fleet, FaultPlan plan) {
        this.file = Objects.requireNonNull(file, "file");
        this.config = Objects.requireNonNull(config, "config");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.position = new int[fleet.size()];
        Arrays.fill(position, -1);
        int[] devices = plan.faultyDevices();
        this.faulty = new DeviceTruth[devices.length];
        for (int i = 0; i < devices.length; i++) {
            position[devices[i]] = i;
            faulty[i] = new DeviceTruth(devices[i], config.sensors());
        }
    }

    /** The simulation started at {@code epochMillis} (event time of offset 0). */
    void started(long epochMillis) {
        this.startMillis = epochMillis;
    }

    /** The fault started at {@code epochMillis}. */
    void faultStarted(long epochMillis) {
        if (faultStartMillis == Long.MIN_VALUE) {
            faultStartMillis = epochMillis;
        }
    }

    /** A reading of a drifting device ({@code drift > 0}) was sent. */
    void reading(int device, long deviceEvent, long epochMillis, int sensor, double drift) {
        DeviceTruth truth = faulty[position[device]];
        truth.drifting(deviceEvent, epochMillis);
        if (drift >= 1) {
            truth.failing(deviceEvent, epochMillis, sensor);
        }
    }

    /** A frame of a drifting device was sent: all its sensors at once. */
    void frame(int device, long deviceEvent, long epochMillis, double drift) {
        DeviceTruth truth = faulty[position[device]];
        truth.drifting(deviceEvent, epochMillis);
        if (drift >= 1) {
            truth.allFailing(deviceEvent, epochMillis);
        }
    }

    /**
     * Writes the file, replacing it atomically.
     *
     * @param complete whether the simulation has ended (and this is the final account)
     * @param eventsSent events sent so far
     */
    public void write(boolean complete, long eventsSent) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "iotstream-simulator-ground-truth");
        root.put("formatVersion", FORMAT_VERSION);
        root.put("complete", complete);
        root.put("seed", config.seed());
        root.put("sensors", config.sensors());
        root.put("devices", fleet.size());
        root.put("frames", config.frames());
        root.put("topic", config.topic());
        ObjectNode rule = root.putObject("rule");
        rule.put("sensors", plan.rule().sensors());
        rule.put("cutoff", plan.rule().cutoff());
        ArrayNode healthy = root.putArray("healthyValues");
        healthy.add(0.0).add(plan.healthyMax());
        ArrayNode failing = root.putArray("failingValues");
        failing.add(plan.failingMin()).add(1.0);
        root.put("healthyScoreBelow", plan.healthyScoreBelow());
        root.put("failingScoreAtLeast", plan.failingScoreAtLeast());
        root.put("startTime", Instant.ofEpochMilli(startMillis).toString());
        if (config.faultAfter() != null) {
            root.put("faultAfter", config.faultAfter().toString());
        } else {
            root.putNull("faultAfter");
        }
        if (config.faultAfterEvents() != null) {
            root.put("faultAfterEvents", config.faultAfterEvents());
        } else {
            root.putNull("faultAfterEvents");
        }
        root.put("faultDrift", config.faultDrift().toString());
        putTime(root, "faultStartTime", faultStartMillis);
        root.put("eventsSent", eventsSent);
        ArrayNode faultyDevices = root.putArray("faultyDevices");
        for (DeviceTruth truth : faulty) {
            ObjectNode device = faultyDevices.addObject();
            device.put("deviceId", fleet.id(truth.device));
            putEvent(device, "firstDriftingEvent", truth.firstDriftingEvent, truth.firstDriftingMillis);
            putEvent(device, "firstFailingEvent", truth.firstFailingEvent, truth.firstFailingMillis);
            putEvent(device, "allSensorsFailingEvent", truth.allFailingEvent, truth.allFailingMillis);
        }
        ArrayNode healthyDevices = root.putArray("healthyDevices");
        for (int d = 0; d < fleet.size(); d++) {
            if (!plan.isFaulty(d)) {
                healthyDevices.add(fleet.id(d));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(temp.toFile(), root);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void putTime(ObjectNode node, String field, long epochMillis) {
        if (epochMillis == Long.MIN_VALUE) {
            node.putNull(field);
        } else {
            node.put(field, Instant.ofEpochMilli(epochMillis).toString());
        }
    }

    private static void putEvent(ObjectNode node, String field, long deviceEvent, long epochMillis) {
        if (deviceEvent < 0) {
            node.putNull(field);
        } else {
            ObjectNode event = node.putObject(field);
            event.put("deviceEvent", deviceEvent);
            event.put("time", Instant.ofEpochMilli(epochMillis).toString());
        }
    }

    /** What was sent for one faulty device. */
    private static final class DeviceTruth {
        final int device;
        final BitSet failingSensors;
        final int sensors;
        int failingCount;
        long firstDriftingEvent = -1;
        long firstDriftingMillis;
        long firstFailingEvent = -1;
        long firstFailingMillis;
        long allFailingEvent = -1;
        long allFailingMillis;

        DeviceTruth(int device, int sensors) {
            this.device = device;
            this.sensors = sensors;
            this.failingSensors = new BitSet(sensors + 1);
        }

        void drifting(long deviceEvent, long epochMillis) {
            if (firstDriftingEvent < 0) {
                firstDriftingEvent = deviceEvent;
                firstDriftingMillis = epochMillis;
            }
        }

        void failing(long deviceEvent, long epochMillis, int sensor) {
            if (firstFailingEvent < 0) {
                firstFailingEvent = deviceEvent;
                firstFailingMillis = epochMillis;
            }
            if (allFailingEvent < 0 && !failingSensors.get(sensor)) {
                failingSensors.set(sensor);
                if (++failingCount == sensors) {
                    allFailingEvent = deviceEvent;
                    allFailingMillis = epochMillis;
                }
            }
        }

        void allFailing(long deviceEvent, long epochMillis) {
            if (firstFailingEvent < 0) {
                firstFailingEvent = deviceEvent;
                firstFailingMillis = epochMillis;
            }
            if (allFailingEvent < 0) {
                allFailingEvent = deviceEvent;
                allFailingMillis = epochMillis;
            }
        }
    }
}
