package io.iotstream.bench;

import java.time.Duration;
import java.util.ArrayList;
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

    private final KafkaConsumer<String, Long> consumer;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile long lastArrival = System.nanoTime();
    private volatile RuntimeException failure;
    /** Null until the feed starts: alerts before it are not recorded. */
    private volatile LatencySamples samples;

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

    /**
     * Records alerts from now on, for events since now.
     *
     * @param warmUp how long from now the alerts count as the warm-up's
     */
    void feedStarts(Duration warmUp) {
        long now = System.currentTimeMillis();
        samples = new LatencySamples(now, now + warmUp.toMillis());
    }

    private void poll() {
        try {
            while (!stop.get()) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    lastArrival = System.nanoTime();
                    LatencySamples into = samples;
                    if (into != null && r.value() != null) {
                        into.add(r.value(), received);
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Stops once nothing arrived for {@code quiet} (the writer finished before this is called) and returns what
     * arrived since {@link #feedStarts}.
     */
    LatencySamples stop(Duration quiet) throws InterruptedException {
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
        if (samples == null) {
            throw new IllegalStateException("the feed never started");
        }
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
        consumer.close();
    }
}
