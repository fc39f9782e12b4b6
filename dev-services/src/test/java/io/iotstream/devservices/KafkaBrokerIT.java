package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        broker = KafkaBroker.start();
        System.out.printf("KafkaBroker started in %d ms at %s%n", (System.nanoTime() - t0) / 1_000_000,
                broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepRecordsAcrossRestart() throws Exception {
        broker.createTopic("iot.test.v1", 2, Map.of("retention.ms", "-1"));
        broker.createTopic("iot.test.v1", 2, Map.of()); // idempotent

        try (KafkaProducer<String, String> producer = producer(broker)) {
            producer.send(new ProducerRecord<>("iot.test.v1", 0, "device-1", "42.0")).get();
        }
        assertThat(readAll(broker, "iot.test.v1", 1)).containsExactly("device-1=42.0");

        String before = broker.bootstrapServers();
        long t0 = System.nanoTime();
        broker.restart();
        System.out.printf("KafkaBroker restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(broker.bootstrapServers()).isEqualTo(before);

        assertThat(readAll(broker, "iot.test.v1", 1)).containsExactly("device-1=42.0");
        try (KafkaProducer<String, String> producer = producer(broker)) {
            producer.send(new ProducerRecord<>("iot.test.v1", 0, "device-1", "43.0")).get();
        }
        assertThat(readAll(broker, "iot.test.v1", 2)).containsExactly("device-1=42.0", "device-1=43.0");
    }

    @Test
    void sharedBrokerShouldServeConsumerGroups() {
        KafkaBroker shared = KafkaBroker.shared();
        assertThat(KafkaBroker.shared()).isSameAs(shared);
        shared.createTopic("iot.shared.v1", 1, Map.of());
        try (KafkaProducer<String, String> producer = producer(shared)) {
            producer.send(new ProducerRecord<>("iot.shared.v1", "k", "v"));
        }
        Properties p = consumerProps(shared);
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "shared-group");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("iot.shared.v1"));
            ConsumerRecord<String, String> record = Await.until("a record via group subscription",
                    Duration.ofSeconds(30), () -> {
                        var records = consumer.poll(Duration.ofMillis(200));
                        return records.isEmpty() ? null : records.iterator().next();
                    });
            assertThat(record.value()).isEqualTo("v");
            consumer.commitSync();
        }
    }

    static KafkaProducer<String, String> producer(KafkaBroker broker) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static Properties consumerProps(KafkaBroker broker) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    private static List<String> readAll(KafkaBroker broker, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(broker))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> seen = new ArrayList<>();
            Await.until(expected + " records in " + topic, Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.key() + "=" + r.value()));
                return seen.size() >= expected;
            });
            return seen;
        }
    }
}
