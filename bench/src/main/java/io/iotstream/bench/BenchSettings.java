package io.iotstream.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one benchmark run needs, validated when built (errors name the flag).
 *
 * @param events records preloaded for the throughput rows
 * @param devices devices the records are spread over (round-robin)
 * @param sensors sensors per device (the model's feature count)
 * @param partitions partitions of the input topic
 * @param guarantee the Streams apps' processing guarantee
 * @param latencyRate events/s offered by the simulator in the latency row
 * @param latencySeconds how long it offers them after the warm-up: the timed part
 * @param latencyWarmUpSeconds how long it offers them first, untimed: a cold JVM's start-up (the JIT, first
 *     commits or micro-batches) is reported apart from the steady state
 * @param latencyCommitMs the scorer's commit interval in the latency row (alerts become visible at commits)
 * @param sparkBatch records per Spark micro-batch (maxOffsetsPerTrigger)
 * @param batchRows rows of the iotgen/iottrain rows
 * @param batchSensors sensors of the iotgen/iottrain rows
 * @param skip parts not run
 * @param outputDir where the JSON and PNG go
 * @param repoRoot the repository, to find the child programs' builds (bench-spark, training-spark)
 * @param bootstrapServers a broker to use, or null: the local stack's if up, else one started for the run
 * @param stackHome the local stack's folder (its stack.properties names its broker)
 * @param childHeap -Xmx of the child JVMs (Spark peer, iotgen, iottrain)
 * @param kafka the Kafka client settings every client of the run gets over its own defaults ({@code --kafka-config},
 *     {@code IOTSTREAM_KAFKA_PROPERTY_*}, {@code -X}, merged by schemas' {@code KafkaClientProperties}); never
 *     {@code bootstrap.servers}, which is {@code bootstrapServers}
 */
public record BenchSettings(long events, int devices, int sensors, int partitions, String guarantee,
        int latencyRate, int latencySeconds, int latencyWarmUpSeconds, long latencyCommitMs, long sparkBatch,
        long batchRows, int batchSensors, Set<Part> skip, Path outputDir, Path repoRoot, String bootstrapServers,
        Path stackHome, String childHeap, Map<String, String> kafka) {

    /** The parts of a run that {@code --skip} can leave out. */
    public enum Part { CEILINGS, SCORER, PMML, SPARK, LATENCY, BATCH }

    /** The one Kafka client setting the bench decides itself (the broker of the run). */
    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    public BenchSettings {
        positive("--events", events);
        positive("--devices", devices);
        positive("--sensors", sensors);
        positive("--partitions", partitions);
        positive("--latency-rate", latencyRate);
        positive("--latency-seconds", latencySeconds);
        if (latencyWarmUpSeconds < 0) {
            throw new IllegalArgumentException("--latency-warm-up-seconds must be 0 or more, not "
                    + latencyWarmUpSeconds);
        }
        positive("--latency-commit-interval-ms", latencyCommitMs);
        positive("--spark-batch", sparkBatch);
        positive("--batch-rows", batchRows);
        positive("--batch-sensors", batchSensors);
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new IllegalArgumentException("--guarantee: exactly_once_v2 or at_least_once, not '" + guarantee
                    + "'");
        }
        if (events < devices) {
            throw new IllegalArgumentException("--events (" + events + ") must be at least --devices (" + devices
                    + "): every device needs readings");
        }
        skip = java.util.Collections.unmodifiableSet(skip.isEmpty() ? EnumSet.noneOf(Part.class)
                : EnumSet.copyOf(skip));
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(stackHome, "stackHome");
        Objects.requireNonNull(childHeap, "childHeap");
        kafka = Map.copyOf(kafka);
        if (kafka.containsKey(BOOTSTRAP_SERVERS)) {
            throw new IllegalArgumentException("the Kafka client settings must not hold " + BOOTSTRAP_SERVERS
                    + ": it is the bootstrapServers setting");
        }
    }

    public boolean runs(Part part) {
        return !skip.contains(part);
    }

    private static void positive(String flag, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, not " + value);
        }
    }
}
