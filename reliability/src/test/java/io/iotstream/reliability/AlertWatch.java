package io.iotstream.reliability;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a scenario's alerts as a service would (read_committed, as they become visible) and keeps the longest
 * event-to-alert delay: from the reading's event time (the simulator's clock when it sent it) to the moment this
 * reader saw the alert. A fault's cost to a consumer of alerts is that delay, whatever the scorer did meanwhile.
 */
final class AlertWatch implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong longestMillis = new AtomicLong();
    private final AtomicLong seen = new AtomicLong();
    /** When each alert was seen and its delay, both in milliseconds, for the delays around one moment. */
    private final java.util.concurrent.ConcurrentLinkedQueue<long[]> samples =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    AlertWatch(Stack stack) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroDeserializer<Alert> alerts = AvroDeserializer.specific(Alert.class);
        alerts.configure(Map.of("schema.registry.url", stack.registry), false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(stack.alerts, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        Alert alert = alerts.deserialize(r.topic(), r.value());
                        long delay = now - alert.getEventTime().toEpochMilli();
                        longestMillis.accumulateAndGet(delay, Math::max);
                        samples.add(new long[] {now, delay});
                        seen.incrementAndGet();
                    }
                }
            } catch (RuntimeException e) {
                // the cluster scenarios kill brokers: the consumer retries on its own; anything else ends the watch
                System.err.println("[reliability] alert watch stopped: " + e);
            }
        }, "alert-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The longest delay from a reading to the alert it caused becoming visible, in seconds. */
    double longestDelaySeconds() {
        return longestMillis.get() / 1000.0;
    }

    /**
     * The longest delay of the alerts seen between two wall-clock moments (epoch milliseconds), in seconds: the
     * pause one change of a scenario caused. 0 if none was seen then.
     */
    double longestDelaySeconds(long fromMillis, long toMillis) {
        return samples.stream().filter(s -> s[0] >= fromMillis && s[0] < toMillis).mapToLong(s -> s[1]).max()
                .orElse(0) / 1000.0;
    }

    /** Alerts seen so far. */
    long seen() {
        return seen.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
