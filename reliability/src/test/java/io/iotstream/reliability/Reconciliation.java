package io.iotstream.reliability;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.devservices.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reconciles the alerts topic against the input: the alerts an event-mode scorer must send are computed offline by
 * replaying every input record, per device in partition order, through the same model; then each device's
 * committed alerts are matched against them in order (longest common subsequence): the expected ones not matched
 * are lost, the committed ones not matched are duplicates.
 */
final class Reconciliation {

    /**
     * What was found: counts over all devices, plus what the scorer committed, per device in order. {@code out} and
     * the per-device lists count transitions; {@code recordsOut} every committed alert record, STATUS ones included.
     */
    record Result(long eventsIn, int expected, int out, int lost, int duplicated,
            Map<String, List<AlertKind>> expectedByDevice, Map<String, List<AlertKind>> actualByDevice,
            List<Alert> alerts, int recordsOut) {

        boolean exact() {
            return expectedByDevice.equals(actualByDevice);
        }
    }

    private Reconciliation() {
    }

    /** Reads both topics to their ends and reconciles them. */
    static Result of(Stack stack, ModelArtifact model) {
        List<ConsumerRecord<byte[], byte[]>> input = readAll(stack, stack.input, "read_uncommitted");
        LogisticScorer scorer = new LogisticScorer(model);
        AvroDeserializer<SensorReading> readings = AvroDeserializer.specific(SensorReading.class);
        readings.configure(Map.of("schema.registry.url", stack.registry), false);
        Map<String, Device> devices = new HashMap<>();
        Map<String, List<AlertKind>> expected = new LinkedHashMap<>();
        long events = 0;
        for (ConsumerRecord<byte[], byte[]> r : input) {
            SensorReading reading = decodeOrNull(readings, stack.input, r.value());
            if (reading == null || !scorable(reading, scorer.featureCount())) {
                continue; // a dead letter: it changes no device
            }
            events++;
            Device device = devices.computeIfAbsent(reading.getDeviceId(), d -> new Device(scorer));
            device.values[reading.getSensor() - 1] = reading.getValue();
            boolean now = scorer.attention(device.values);
            if (now != device.attention) {
                device.attention = now;
                expected.computeIfAbsent(reading.getDeviceId(), d -> new ArrayList<>())
                        .add(now ? AlertKind.ATTENTION : AlertKind.RECOVERY);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> out = readAll(stack, stack.alerts, "read_committed");
        AvroDeserializer<Alert> alertDecoder = AvroDeserializer.specific(Alert.class);
        alertDecoder.configure(Map.of("schema.registry.url", stack.registry), false);
        Map<String, List<AlertKind>> actual = new LinkedHashMap<>();
        List<Alert> alerts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            Alert alert = alertDecoder.deserialize(stack.alerts, r.value());
            if (alert.getKind() == AlertKind.STATUS) {
                continue; // alerts.emit=all: a score that changed nothing, the heartbeat a scenario may time with
            }
            alerts.add(alert);
            actual.computeIfAbsent(alert.getDeviceId(), d -> new ArrayList<>()).add(alert.getKind());
        }
        int lost = 0;
        int matched = 0;
        for (Map.Entry<String, List<AlertKind>> e : expected.entrySet()) {
            int common = lcs(e.getValue(), actual.getOrDefault(e.getKey(), List.of()));
            matched += common;
            lost += e.getValue().size() - common;
        }
        int expectedCount = count(expected);
        int outCount = count(actual);
        return new Result(events, expectedCount, outCount, lost, outCount - matched, expected, actual, alerts,
                out.size());
    }

    /** A device as the scorer keeps it: latest values (neutral until seen) and the last decision. */
    private static final class Device {
        final double[] values;
        boolean attention;

        Device(LogisticScorer scorer) {
            values = new double[scorer.featureCount()];
            Arrays.fill(values, scorer.neutralValue());
        }
    }

    static boolean scorable(SensorReading r, int sensors) {
        return r.getDeviceId() != null && !r.getDeviceId().isEmpty() && r.getSensor() >= 1
                && r.getSensor() <= sensors && Double.isFinite(r.getValue());
    }

    static SensorReading decodeOrNull(AvroDeserializer<SensorReading> decoder, String topic, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return decoder.deserialize(topic, value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every record of {@code topic}, partition by partition in offset order, up to its end now. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(Stack stack, String topic, String isolation) {
        return readAll(stack.broker.bootstrapServers(), topic, isolation);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, String isolation) {
        if (isolation.equals("read_committed")) {
            awaitNoOpenTransaction(bootstrap, topic);
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end + " within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /**
     * Waits until no transaction is open on {@code topic}: its last stable offset is its high watermark. A killed
     * scorer leaves its transaction open until a new instance with the same transactional id fences it (a restart
     * on the same state folder) or the transaction times out ({@code transaction.timeout.ms}, 10 s under Kafka
     * Streams); until then read_committed readers see nothing past its first record, even what others committed.
     *
     * @return how long it took, in milliseconds
     */
    static long awaitNoOpenTransaction(String bootstrap, String topic) {
        long start = System.nanoTime();
        Map<String, Object> committed = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> uncommitted = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> stable = consumer(committed);
             KafkaConsumer<byte[], byte[]> all = consumer(uncommitted)) {
            List<TopicPartition> partitions = partitions(all, topic);
            Await.until("no open transaction on " + topic, Duration.ofSeconds(90),
                    () -> stable.endOffsets(partitions).equals(all.endOffsets(partitions)));
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The sum of the end offsets of {@code topic}: records written (the input has no transaction markers). */
    static long endOffsetSum(Stack stack, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config)) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every partition of {@code topic}, as the broker lists it now. */
    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The sum of the scorer group's committed offsets on the input: how far it has processed for good. */
    static long committed(Stack stack) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = stack.admin()
                    .listConsumerGroupOffsets(stack.applicationId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(stack.input))
                    .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException e) {
            return -1; // the broker is down or busy: not known now
        }
    }

    private static int count(Map<String, List<AlertKind>> byDevice) {
        return byDevice.values().stream().mapToInt(List::size).sum();
    }

    /** Length of the longest common subsequence: the alerts matched in order. */
    static <T> int lcs(List<T> a, List<T> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = a.get(i - 1).equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
