package io.iotstream.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Streams application's throughput, read from its committed offsets (polled every 50 ms) from the first commit
 * to the one that reaches the end of the input: start-up and the first rebalance are not counted, and the figure
 * is what the application has durably processed, not what it has merely polled. When one commit covers the whole
 * input (a small {@code --events}), there is no interval between commits: the rate then counts from the
 * application's start, start-up included, and so understates it. CPU per record ({@link CpuMeter}) covers the
 * same interval.
 */
final class CommitProgress {

    private static final Duration LIMIT = Duration.ofMinutes(30);

    private CommitProgress() {
    }

    /** A Streams row's figures: events/s and CPU per record over the same interval. */
    record Measured(double eventsPerSecond, Result.Cpu cpu) {

        Result row(String section, String name, String note) {
            return Result.rate(section, name, eventsPerSecond, note).withCpu(cpu);
        }
    }

    /**
     * Waits for application {@code groupId} (also its stream threads' name prefix) to commit the end of {@code topic}.
     */
    static Measured measure(Workload w, String groupId, long startedAt, BenchProgress progress)
            throws InterruptedException, ExecutionException {
        String topic = w.input;
        int partitions = w.settings.partitions();
        CpuMeter fromStart = CpuMeter.start(groupId, w.brokerProcess);
        CpuMeter fromFirstCommit = null;
        try (Admin admin = Admin.create(w.kafka.admin())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
            long firstAt = 0;
            long firstCount = 0;
            long lastReport = System.nanoTime();
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                long now = System.nanoTime();
                long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)
                        && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
                if (sum > 0 && firstAt == 0) {
                    firstAt = now;
                    firstCount = sum;
                    fromFirstCommit = CpuMeter.start(groupId, w.brokerProcess);
                }
                if (sum >= end) {
                    return firstCount >= end
                            ? new Measured(end / ((now - startedAt) / 1e9), fromStart.perRecord(end))
                            : new Measured((end - firstCount) / ((now - firstAt) / 1e9),
                                    fromFirstCommit.perRecord(end - firstCount));
                }
                if (now - lastReport > 5_000_000_000L) {
                    progress.step("  %s: %,d of %,d committed", groupId, sum, end);
                    lastReport = now;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(groupId + " did not reach the end of " + topic + " within " + LIMIT
                    .toMinutes() + " minutes");
        }
    }
}
