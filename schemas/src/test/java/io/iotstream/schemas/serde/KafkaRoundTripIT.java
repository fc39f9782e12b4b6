package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** SensorReadings through a real broker, keyed by device id, with serdes configured by class name. */
class KafkaRoundTripIT {

    @Test
    void sensorReadingsProducedWithOurSerializerAreConsumedWithOurDeserializerKeyedByDevice() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String topic = "it.sensor-readings." + UUID.randomUUID();
        broker.createTopic(topic, 3, Map.of());

        List<SensorReading> sent = new ArrayList<>();
        for (String device : List.of("dev-a", "dev-b", "dev-c")) {
            sent.addAll(TestRecords.benchmarkReadings(device));
        }

        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        producerProps.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.ccompatUrl());
        try (KafkaProducer<String, SensorReading> producer = new KafkaProducer<>(producerProps)) {
            for (SensorReading reading : sent) {
                producer.send(new ProducerRecord<>(topic, reading.getDeviceId(), reading)).get();
            }
            producer.send(new ProducerRecord<>(topic, "dev-a", null)).get(); // tombstone
        }

        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class);
        consumerProps.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.ccompatUrl());
        consumerProps.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true);
        List<ConsumerRecord<String, SensorReading>> received = new ArrayList<>();
        try (KafkaConsumer<String, SensorReading> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            Await.until("all " + (sent.size() + 1) + " records consumed from " + topic, Duration.ofSeconds(60), () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= sent.size() + 1;
            });
        }

        List<ConsumerRecord<String, SensorReading>> values = received.stream().filter(r -> r.value() != null).toList();
        assertThat(values).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(values).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getDeviceId()));
        Map<String, List<SensorReading>> byDevice = values.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        // one key, one partition: each device's readings arrive in the order they were sent
        byDevice.forEach((device, readings) -> assertThat(readings)
                .isSortedAccordingTo(Comparator.comparing(SensorReading::getEventTime)));
        assertThat(received).filteredOn(r -> r.value() == null).singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo("dev-a"));
    }
}
