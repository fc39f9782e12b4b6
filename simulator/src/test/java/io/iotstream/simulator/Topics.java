package io.iotstream.simulator;

import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading topics back in integration tests. */
public final class Topics {

    private Topics() {
    }

    /** A fresh topic name. */
    public static String unique(String prefix) {
        return prefix + "." + UUID.randomUUID();
    }

    /**
     * Every record of {@code topic}, decoded with the project's deserializer, once there are {@code count}; fails
     * after a minute, or if more than {@code count} arrive.
     */
    public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(KafkaBroker broker, String topic,
            Class<T> type, String registryUrl, int count) {
        Map<String, Object> props = consumerProps(broker);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                AvroDeserializer.specific(type, new AvroSerdeConfig(props).createRegistryClient()))) {
            return exactly(consumer, topic, count);
        }
    }

    /** Every record of {@code topic} as bytes, once there are {@code count}; fails as {@link #read} does. */
    public static List<ConsumerRecord<byte[], byte[]>> readRaw(KafkaBroker broker, String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(broker),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return exactly(consumer, topic, count);
        }
    }

    private static <K, V> List<ConsumerRecord<K, V>> exactly(KafkaConsumer<K, V> consumer, String topic, int count) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        consumer.subscribe(List.of(topic));
        Await.until(count + " records in " + topic, Duration.ofSeconds(60), () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.size() >= count;
        });
        // anything more that was sent arrives with the next poll
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
        if (received.size() != count) {
            throw new AssertionError("expected " + count + " records in " + topic + ", got " + received.size());
        }
        return received;
    }

    private static Map<String, Object> consumerProps(KafkaBroker broker) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return props;
    }
}
