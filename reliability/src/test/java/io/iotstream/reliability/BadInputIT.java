package io.iotstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.kafka.DeadLetterHeaders;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.S3ProxyServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Fuzz-style bad input against a real scorer process: {@value #BAD} malformed records of every kind interleaved
 * with {@value #GOOD} good readings on the same partitions. The scorer must never stop; every bad record must be in
 * the dead-letter topic exactly once, with its reason, its source coordinates and its original bytes; every good
 * one must be scored (the metric, and the alerts reconciled against an offline replay). Seeded: the seed is
 * printed, and {@code -Dreliability.seed=<n>} replays a run.
 */
class BadInputIT {

    private static final int BAD = 10_000;
    private static final int GOOD = 5_000;
    private static final int DEVICES = 100;
    private static final int SENSORS = 8;
    private static final int OVERSIZED_KEY_BYTES = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The kinds of bad input, each with the reason the scorer must give it. */
    enum Kind {
        RANDOM_BYTES("undecodable"),
        WRONG_MAGIC_BYTE("undecodable"),
        UNKNOWN_SCHEMA_ID("undecodable"),
        TRUNCATED_AVRO("undecodable"),
        OVERSIZED_KEY_AND_GARBAGE("undecodable"),
        SENSOR_ZERO("sensor-out-of-range"),
        SENSOR_ABOVE_FEATURES("sensor-out-of-range"),
        VALUE_NAN("value-not-finite"),
        VALUE_INFINITE("value-not-finite"),
        TOMBSTONE("empty-record"),
        EMPTY_DEVICE_ID("empty-record");

        final String reason;

        Kind(String reason) {
            this.reason = reason;
        }
    }

    private record Sent(Kind kind, byte[] key, byte[] value) {
    }

    /** Under target/, not a temp dir: the scorer's log stays there for a failure's post-mortem. */
    private final Path dir = WorkDirs.create(getClass());

    @Test
    void shouldDeadLetterEveryBadRecordAndScoreEveryGoodOne() throws Exception {
        long seed = Long.getLong("reliability.seed", new SplittableRandom().nextLong());
        System.out.println("[BadInputIT] seed " + seed + " (replay with -Dreliability.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        ModelArtifact model = Stack.ruleModel("v1", SENSORS);
        try (Stack stack = new Stack(KafkaBroker.shared(), S3ProxyServer.shared(),
                ApicurioRegistry.shared().ccompatUrl(), dir)) {
            stack.promote(model);
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
            config.put("schema.registry.url", stack.registry);
            AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
            serializer.configure(config, false);

            Map<String, Sent> bad = new HashMap<>();
            EnumMap<Kind, Integer> kinds = new EnumMap<>(Kind.class);
            try (ScorerProcess scorer = stack.startScorer("fuzz", ScoringConfig.EXACTLY_ONCE_V2, Map.of());
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                         new ByteArraySerializer())) {
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                List<Sent> sent = new ArrayList<>();
                long time = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
                int good = 0;
                int badCount = 0;
                while (good < GOOD || badCount < BAD) {
                    String device = "device-" + random.nextInt(DEVICES);
                    byte[] key = device.getBytes(StandardCharsets.UTF_8);
                    boolean sendBad = good >= GOOD || (badCount < BAD && random.nextInt(3) > 0);
                    Sent s;
                    if (sendBad) {
                        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                        s = badRecord(kind, key, device, time++, serializer, stack.input, random);
                        badCount++;
                    } else {
                        SensorReading r = new SensorReading(device, 1 + random.nextInt(SENSORS), random.nextDouble(),
                                Instant.ofEpochMilli(time++));
                        s = new Sent(null, key, serializer.serialize(stack.input, r));
                        good++;
                    }
                    sent.add(s);
                    futures.add(producer.send(new ProducerRecord<>(stack.input, s.key(), s.value())));
                }
                producer.flush();
                for (int i = 0; i < futures.size(); i++) {
                    Sent s = sent.get(i);
                    if (s.kind() != null) {
                        RecordMetadata m = futures.get(i).get();
                        bad.put(m.partition() + "/" + m.offset(), s);
                        kinds.merge(s.kind(), 1, Integer::sum);
                    }
                }
                long end = Reconciliation.endOffsetSum(stack, stack.input);
                assertThat(end).isEqualTo(GOOD + BAD);
                Await.until("the scorer commits all " + end + " records", TIMEOUT, () -> {
                    scorer.requireAlive();
                    return Reconciliation.committed(stack) >= end;
                });
                Await.until("the metrics count every good reading and every dead letter", TIMEOUT, () ->
                        scorer.metric("iotstream_events_total{type=\"reading\"").orElse(0) == GOOD
                                && scorer.metricSum("iotstream_records_in_error_total") == BAD);
                assertThat(scorer.stop()).as("exit code after SIGTERM").isIn(0, 143);
            }

            List<ConsumerRecord<byte[], byte[]>> letters = Reconciliation.readAll(stack, stack.errors,
                    "read_committed");
            Map<String, Integer> byReason = new TreeMap<>();
            Map<String, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                String reason = header(letter, DeadLetterHeaders.REASON);
                String source = header(letter, DeadLetterHeaders.SOURCE_PARTITION) + "/"
                        + header(letter, DeadLetterHeaders.SOURCE_OFFSET);
                assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(stack.input);
                Sent original = bad.get(source);
                assertThat(original).as("dead letter for %s is one of the bad records", source).isNotNull();
                assertThat(reason).as("reason of %s (%s)", source, original.kind()).isEqualTo(original.kind().reason);
                assertThat(header(letter, DeadLetterHeaders.MESSAGE)).as("message of %s", source).isNotBlank();
                assertThat(letter.key()).as("original key of %s", source).isEqualTo(original.key());
                assertThat(letter.value()).as("original value of %s", source).isEqualTo(original.value());
                assertThat(seen.merge(source, 1, Integer::sum)).as("%s dead-lettered once", source).isEqualTo(1);
                byReason.merge(reason, 1, Integer::sum);
            }
            assertThat(letters).hasSize(BAD);
            Map<String, Integer> expectedByReason = new TreeMap<>();
            kinds.forEach((k, n) -> expectedByReason.merge(k.reason, n, Integer::sum));
            assertThat(byReason).isEqualTo(expectedByReason);

            Reconciliation.Result r = Reconciliation.of(stack, model);
            assertThat(r.eventsIn()).as("good readings scored").isEqualTo(GOOD);
            assertThat(r.actualByDevice()).isEqualTo(r.expectedByDevice());
            ReliabilityReport.add(new ReliabilityReport.Row("bad input: " + BAD + " malformed among " + GOOD
                    + " good (seed " + seed + ")", GOOD + BAD, r.expected(), r.out(), r.lost(), r.duplicated(),
                    Double.NaN, "none needed: the scorer never stopped"));
            ReliabilityReport.note("Bad input (seed " + seed + "): " + BAD + " malformed records, all in the "
                    + "dead-letter topic once with reason, source topic/partition/offset and original bytes: "
                    + kinds + " -> " + byReason + "; " + GOOD + " good readings scored, alerts reconciled exactly.");
        }
    }

    private static Sent badRecord(Kind kind, byte[] key, String device, long time,
            AvroSerializer<SensorReading> serializer, String topic, SplittableRandom random) {
        SensorReading valid = new SensorReading(device, 1 + random.nextInt(SENSORS), random.nextDouble(),
                Instant.ofEpochMilli(time));
        byte[] framed = serializer.serialize(topic, valid);
        return switch (kind) {
            case RANDOM_BYTES -> new Sent(kind, key, garbage(random, 1 + random.nextInt(100)));
            case WRONG_MAGIC_BYTE -> {
                byte[] b = framed.clone();
                b[0] = (byte) (1 + random.nextInt(255));
                yield new Sent(kind, key, b);
            }
            case UNKNOWN_SCHEMA_ID -> {
                byte[] b = framed.clone();
                ByteBuffer.wrap(b, 1, 4).putInt(1_000_000 + random.nextInt(1_000_000));
                yield new Sent(kind, key, b);
            }
            case TRUNCATED_AVRO -> new Sent(kind, key, Arrays.copyOf(framed, 1 + random.nextInt(framed.length - 1)));
            case OVERSIZED_KEY_AND_GARBAGE -> new Sent(kind, randomBytes(random, OVERSIZED_KEY_BYTES),
                    garbage(random, 1 + random.nextInt(100)));
            case SENSOR_ZERO -> new Sent(kind, key, serializer.serialize(topic, withSensor(valid, 0)));
            case SENSOR_ABOVE_FEATURES -> new Sent(kind, key, serializer.serialize(topic,
                    withSensor(valid, SENSORS + 1 + random.nextInt(Integer.MAX_VALUE - SENSORS - 1))));
            case VALUE_NAN -> new Sent(kind, key, serializer.serialize(topic, withValue(valid, Double.NaN)));
            case VALUE_INFINITE -> new Sent(kind, key, serializer.serialize(topic,
                    withValue(valid, random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)));
            case TOMBSTONE -> new Sent(kind, key, null);
            case EMPTY_DEVICE_ID -> new Sent(kind, key, serializer.serialize(topic,
                    new SensorReading("", valid.getSensor(), valid.getValue(), valid.getEventTime())));
        };
    }

    /** Random bytes that are not a Confluent frame (a frame could, however unlikely, hold a valid reading). */
    private static byte[] garbage(SplittableRandom random, int length) {
        byte[] b = randomBytes(random, length);
        if (b[0] == 0) {
            b[0] = 1;
        }
        return b;
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static SensorReading withSensor(SensorReading r, int sensor) {
        return new SensorReading(r.getDeviceId(), sensor, r.getValue(), r.getEventTime());
    }

    private static SensorReading withValue(SensorReading r, double value) {
        return new SensorReading(r.getDeviceId(), r.getSensor(), value, r.getEventTime());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
