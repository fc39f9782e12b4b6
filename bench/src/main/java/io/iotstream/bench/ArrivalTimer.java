package io.iotstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Times the alerts of a latency row: on a thread of its own, a consumer reads the alerts topic from its beginning and
 * each alert's latency is the wall clock when it arrives minus the event time it answers. The scorer's row reads its
 * Avro alerts with this ({@code read_committed}), the Spark peer's row the event times its driver writes.
 *
 * @param <V> the alerts' value type
 */
final class ArrivalTimer<V> implements AutoCloseable {

    /** After the feed ends, how long the alerts may keep arriving before the reading stops anyway. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, V> consumer;
    private final ToLongFunction<V> eventTime;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile long lastArrival = System.nanoTime();
    private volatile RuntimeException failure;
    /** Null until the feed starts: alerts before it are not recorded. */
    private volatile LatencySamples samples;

    private ArrivalTimer(KafkaConsumer<String, V> consumer, ToLongFunction<V> eventTime) {
        this.consumer = consumer;
        this.eventTime = eventTime;
        this.thread = new Thread(this::poll, "bench-arrival-timer");
        thread.setDaemon(true);
    }

    /**
     * Starts reading every partition of {@code topic} from its beginning with {@code consumer}, which this then owns
     * (and closes, on its own thread).
     *
     * @param eventTime the event time (epoch ms) an alert answers
     */
    static <V> ArrivalTimer<V> start(KafkaConsumer<String, V> consumer, String topic, int partitions,
            ToLongFunction<V> eventTime) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        ArrivalTimer<V> timer = new ArrivalTimer<>(consumer, eventTime);
        timer.thread.start();
        return timer;
    }

    /** For alerts whose value is the event time they answer (8 bytes), as the Spark peer's driver writes them. */
    static ArrivalTimer<Long> ofEventTimes(Workload w, String topic) {
        Map<String, Object> config = w.kafka.config(Map.of(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        return start(new KafkaConsumer<>(config, new StringDeserializer(), new LongDeserializer()), topic,
                w.settings.partitions(), Long::longValue);
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
        try (consumer) {
            while (!stop.get()) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    lastArrival = System.nanoTime();
                    LatencySamples into = samples;
                    if (into != null && r.value() != null) {
                        into.add(eventTime.applyAsLong(r.value()), received);
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() or close(): done
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Called once the feed has ended: stops once nothing arrived for {@code quiet} (or after {@link #DRAIN_LIMIT},
     * said in the rows' note) and returns what arrived since {@link #feedStarts}.
     *
     * @throws IllegalStateException when reading failed or the feed never started
     */
    LatencySamples stop(Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (System.nanoTime() - lastArrival < quiet.toNanos() && thread.isAlive()) {
            if (System.nanoTime() > deadline) {
                LatencySamples cut = samples;
                if (cut != null) {
                    cut.cutOff(DRAIN_LIMIT);
                }
                break;
            }
            // Not a hot path: one check of the last arrival every 100 ms, once per latency row.
            Thread.sleep(100);
        }
        halt();
        if (failure != null) {
            throw new IllegalStateException("reading the alerts failed: " + failure.getMessage(), failure);
        }
        if (samples == null) {
            throw new IllegalStateException("the feed never started");
        }
        return samples;
    }

    private void halt() throws InterruptedException {
        stop.set(true);
        consumer.wakeup();
        thread.join(10_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("the alerts reader did not stop within 10 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            halt();
        }
    }
}
