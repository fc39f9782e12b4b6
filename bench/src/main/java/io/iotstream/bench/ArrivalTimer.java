package io.iotstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Times alerts whose value is the event time they answer (8 bytes): on a thread of its own, each record's latency
 * is the wall clock when it arrives minus that event time. The Spark peer's latency row reads its alerts with this.
 */
final class ArrivalTimer implements AutoCloseable {

    private static final int MAX_SAMPLES = 4_000_000;

    private final KafkaConsumer<String, Long> consumer;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final long[] latencies = new long[MAX_SAMPLES];
    private final Thread thread;
    private volatile long lastArrival = System.nanoTime();
    private int count;
    private volatile RuntimeException failure;
    /** Alerts for events before this (epoch ms) are not timed: the warm-up. */
    private volatile long timedFrom = Long.MIN_VALUE;

    private ArrivalTimer(KafkaConsumer<String, Long> consumer) {
        this.consumer = consumer;
        this.thread = new Thread(this::poll, "bench-arrival-timer");
        thread.setDaemon(true);
    }

    /** Starts reading {@code topic} from its beginning, every partition. */
    static ArrivalTimer start(Workload w, String topic) {
        Map<String, Object> config = w.kafka.config(Map.of(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new LongDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < w.settings.partitions(); p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        ArrivalTimer timer = new ArrivalTimer(consumer);
        timer.thread.start();
        return timer;
    }

    /** Times only alerts for events at or after {@code epochMillis}. */
    void timeFrom(long epochMillis) {
        timedFrom = epochMillis;
    }

    private void poll() {
        try {
            while (!stop.get()) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    lastArrival = System.nanoTime();
                    if (count < latencies.length && r.value() != null && r.value() >= timedFrom) {
                        latencies[count++] = received - r.value();
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Stops once nothing arrived for {@code quiet} (the writer finished before this is called) and returns the
     * latencies in ms, sorted.
     */
    long[] stopAndSort(Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - lastArrival < quiet.toNanos() && System.nanoTime() < deadline
                && thread.isAlive()) {
            Thread.sleep(100);
        }
        stop.set(true);
        thread.join(10_000);
        if (failure != null) {
            throw new IllegalStateException("reading the alerts failed: " + failure.getMessage(), failure);
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return sorted;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
        consumer.close();
    }
}
