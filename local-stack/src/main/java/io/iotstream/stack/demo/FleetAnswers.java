package io.iotstream.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the simulator's ground-truth file says: which devices it made faulty, how many events it sent, and whether
 * the run is over ({@code complete}) or the file is still the plan written at its start. See docs/simulator.md.
 *
 * @param faultyDevices the device ids that fail
 * @param healthyDevices the others
 * @param eventsSent events sent (0 in the plan)
 * @param complete whether the simulator has finished and written what it sent
 */
record FleetAnswers(Set<String> faultyDevices, Set<String> healthyDevices, long eventsSent, boolean complete) {

    private static final ObjectMapper JSON = new ObjectMapper();

    FleetAnswers {
        faultyDevices = Set.copyOf(new TreeSet<>(faultyDevices));
        healthyDevices = Set.copyOf(new TreeSet<>(healthyDevices));
    }

    /** Reads the file; the simulator replaces it atomically, so it is either the plan or the final answers. */
    static FleetAnswers read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !"iotstream-simulator-ground-truth".equals(root.path("format").asText())) {
            throw new IOException(file + " is not a simulator ground-truth file");
        }
        Set<String> faulty = new TreeSet<>();
        root.path("faultyDevices").forEach(d -> faulty.add(d.path("deviceId").asText()));
        Set<String> healthy = new TreeSet<>();
        root.path("healthyDevices").forEach(d -> healthy.add(d.asText()));
        return new FleetAnswers(faulty, healthy, root.path("eventsSent").asLong(), root.path("complete").asBoolean());
    }

    static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }
}
