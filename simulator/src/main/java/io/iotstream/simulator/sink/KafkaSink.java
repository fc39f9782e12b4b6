package io.iotstream.simulator.sink;

import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.csv.SensorEventLine;
import io.iotstream.schemas.kafka.KafkaClientProperties;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.simulator.Fleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Sends {@code SensorReading}s (or {@code SensorFrame}s) to a Kafka topic in the Confluent wire format, keyed by
 * device id, with the event time as the record timestamp, through the project's {@link AvroSerializer}.
 *
 * <p>{@link #open()} fails fast and clearly when the brokers cannot be reached within {@code max.block.ms}, the
 * topic does not exist (and is not auto-created), or the schema registry refuses the schema. Delivery failures
 * during the run surface at the next event, and at the latest in {@link #close()}, which waits for every
 * acknowledgement.
 */
public final class KafkaSink implements EventSink {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> settings;
    private final String topic;
    private final Fleet fleet;
    private final boolean frames;
    private final Acks acks = new Acks();
    private final Callback ignoreMarkerAck = (metadata, e) -> acks.fail(e);
    // one record reused for every reading: it is serialized before send() returns and never kept
    private final SensorReading reading = new SensorReading();
    // at high rates a thousand events share a millisecond: one Instant for them all
    private long lastMillis = Long.MIN_VALUE;
    private Instant lastInstant;
    private AvroSerializer<GenericContainer> serializer;
    private Producer<byte[], byte[]> producer;
    private int partitions;
    /** Each device's partition, as the default partitioner would pick it, computed once; null: ask the producer. */
    private Integer[] devicePartitions;

    /**
     * @param settings producer and serde settings: {@code bootstrap.servers}, {@code schema.registry.url} and
     *     anything else a {@link KafkaProducer} or {@link AvroSerializer} takes
     * @param topic where the records go
     * @param fleet the devices, for their ids and keys
     * @param frames whether the topic gets {@code SensorFrame}s (else {@code SensorReading}s): the schema that
     *     {@link #open()} registers
     */
    public KafkaSink(Map<String, Object> settings, String topic, Fleet fleet, boolean frames) {
        this.settings = Map.copyOf(settings);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.frames = frames;
    }

    @Override
    public void open() throws IOException {
        Map<String, Object> producerSettings = new HashMap<>();
        // The registry settings are the serializer's; the producer would warn about every key it does not know.
        settings.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                producerSettings.put(key, value);
            }
        });
        try {
            serializer = new AvroSerializer<>();
            serializer.configure(settings, false);
            producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (ConfigException e) {
            closeQuietly();
            throw new IllegalArgumentException("invalid Kafka setting: " + e.getMessage(), e);
        } catch (KafkaException e) {
            closeQuietly();
            throw new IllegalArgumentException("cannot create a Kafka producer: " + rootMessage(e)
                    + ": check the Kafka settings", e);
        }
        try {
            List<PartitionInfo> info = producer.partitionsFor(topic);
            partitions = info.size();
            devicePartitions = keyPartitions(info.size());
        } catch (TimeoutException e) {
            closeQuietly();
            throw new SinkException("cannot reach Kafka at " + settings.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + ": no metadata for topic " + topic + " within " + maxBlock(settings).toMillis() + " ms ("
                    + e.getMessage() + "): check --bootstrap-servers, that the brokers are up and reachable, that the topic exists "
                    + "or is auto-created, and the security settings", e);
        } catch (AuthenticationException e) {
            closeQuietly();
            throw new SinkException("Kafka at " + settings.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " refused the login: " + rootMessage(e) + ": check sasl.mechanism and sasl.jaas.config (user, "
                    + "password) in --kafka-config or IOTSTREAM_KAFKA_PROPERTY_*", e);
        } catch (KafkaException e) {
            closeQuietly();
            throw new SinkException("Kafka refused topic " + topic + ": " + rootMessage(e)
                    + ": check the topic name, that it exists and the client's permissions", e);
        }
        try {
            // registers (or looks up) the schema now, so that a registry problem stops the run before it starts
            serializer.serialize(topic, probe());
        } catch (SerializationException e) {
            closeQuietly();
            throw new SinkException("schema registry problem for topic " + topic + ": " + rootMessage(e), e);
        }
    }

    /**
     * A device's key never changes, so neither does its partition: hash it once (Kafka's default key hashing,
     * murmur2, the one Kafka Streams uses too) instead of once per record. Not when a partitioner is configured or
     * told to ignore keys. A partition count that grows during the run is not noticed: the run keeps the mapping.
     */
    private Integer[] keyPartitions(int count) {
        if (count < 1 || settings.containsKey(ProducerConfig.PARTITIONER_CLASS_CONFIG)
                || "true".equalsIgnoreCase(String.valueOf(settings.get(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG)))) {
            return null;
        }
        Integer[] byDevice = new Integer[fleet.size()];
        for (int d = 0; d < byDevice.length; d++) {
            byDevice[d] = Utils.toPositive(Utils.murmur2(fleet.key(d))) % count;
        }
        return byDevice;
    }

    private Integer partition(int device) {
        return devicePartitions == null ? null : devicePartitions[device];
    }

    private GenericContainer probe() {
        if (frames) {
            return SensorFrame.newBuilder().setDeviceId(fleet.id(0)).setEventTime(Instant.EPOCH)
                    .setValues(List.of(0.0)).setLabel(null).build();
        }
        return SensorReading.newBuilder().setDeviceId(fleet.id(0)).setSensor(1).setValue(0)
                .setEventTime(Instant.EPOCH).build();
    }

    /** Partitions of the topic, known after {@link #open()}. */
    public int partitions() {
        return partitions;
    }

    @Override
    public void reading(int device, long epochMillis, int sensor, double value) throws IOException {
        send(device, epochMillis, sensor, value, acks);
    }

    private void send(int device, long epochMillis, int sensor, double value, Callback callback)
            throws SinkException {
        acks.check();
        reading.setDeviceId(fleet.id(device));
        reading.setSensor(sensor);
        reading.setValue(value);
        reading.setEventTime(instant(epochMillis));
        byte[] bytes = serialize(reading);
        try {
            producer.send(new ProducerRecord<>(topic, partition(device), epochMillis, fleet.key(device), bytes),
                    callback);
        } catch (KafkaException e) {
            throw new SinkException("sending to Kafka topic " + topic + " failed: " + rootMessage(e), e);
        }
    }

    @Override
    public void frame(int device, long epochMillis, double[] values, Integer label) throws IOException {
        acks.check();
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        SensorFrame frame = SensorFrame.newBuilder().setDeviceId(fleet.id(device))
                .setEventTime(Instant.ofEpochMilli(epochMillis)).setValues(list).setLabel(label).build();
        byte[] bytes = serialize(frame);
        try {
            producer.send(new ProducerRecord<>(topic, partition(device), epochMillis, fleet.key(device), bytes), acks);
        } catch (KafkaException e) {
            throw new SinkException("sending to Kafka topic " + topic + " failed: " + rootMessage(e), e);
        }
    }

    private Instant instant(long epochMillis) {
        if (epochMillis != lastMillis) {
            lastMillis = epochMillis;
            lastInstant = Instant.ofEpochMilli(epochMillis);
        }
        return lastInstant;
    }

    private byte[] serialize(GenericContainer record) throws SinkException {
        try {
            return serializer.serialize(topic, record);
        } catch (SerializationException e) {
            throw new SinkException("cannot serialize for topic " + topic + ": " + rootMessage(e), e);
        }
    }

    /** One end-of-stream reading (sensor -1) per device, so that each device's reader sees the end. */
    @Override
    public void endOfStream(long epochMillis) throws IOException {
        for (int d = 0; d < fleet.size(); d++) {
            send(d, epochMillis, SensorEventLine.END_OF_STREAM_SENSOR, 0.0, ignoreMarkerAck);
        }
    }

    @Override
    public void deadLetter(String deadLetterTopic, int device, byte[] value, Map<String, String> headers)
            throws IOException {
        acks.check();
        Headers recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            // no partition: the dead-letter topic's partitions are not the readings topic's
            producer.send(new ProducerRecord<>(deadLetterTopic, null, null, fleet.key(device), value, recordHeaders),
                    ignoreMarkerAck);
        } catch (KafkaException e) {
            throw new SinkException("sending to Kafka topic " + deadLetterTopic + " failed: " + rootMessage(e), e);
        }
    }

    @Override
    public void flush() {
        // linger.ms sends batches on time; flushing here would only make them smaller
    }

    @Override
    public long delivered() {
        return acks.count.get();
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic + (partitions > 0 ? " (" + partitions + " partitions)" : "") + " at "
                + settings.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + ", schema registry "
                + KafkaClientProperties.redact("schema.registry.url", settings.get("schema.registry.url"));
    }

    /** Waits for every acknowledgement, then closes; fails if any record was not delivered. */
    @Override
    public void close() throws IOException {
        if (producer == null) {
            return;
        }
        try {
            producer.flush();
            acks.check();
        } catch (KafkaException e) {
            throw new SinkException("waiting for Kafka to acknowledge failed: " + rootMessage(e), e);
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (producer != null) {
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (KafkaException e) {
                // closing after a failure: the failure is what matters
            }
            producer = null;
        }
        if (serializer != null) {
            serializer.close();
        }
    }

    /**
     * How long a producer with {@code settings} waits for the brokers ({@code max.block.ms}, Kafka's default if
     * unset): the bound of every wait before the first event, the topic check's too.
     */
    public static Duration maxBlock(Map<String, ?> settings) {
        Object value = settings.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        return Duration.ofMillis(value == null ? 60_000 : Long.parseLong(String.valueOf(value).trim()));
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return message.toString();
    }

    /** The one callback of every record: counts acknowledgements, keeps the first failure. */
    private static final class Acks implements Callback {
        final AtomicLong count = new AtomicLong();
        final AtomicReference<Exception> failure = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                count.incrementAndGet();
            } else {
                fail(e);
            }
        }

        void fail(Exception e) {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        }

        void check() throws SinkException {
            Exception e = failure.get();
            if (e != null) {
                throw new SinkException("Kafka did not accept a record: " + rootMessage(e)
                        + ": check the broker, the topic and the client's permissions", e);
            }
        }
    }
}
