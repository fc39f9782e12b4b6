package io.iotstream.schemas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The one model announcer, against a real broker: the event lands keyed by model name; a dead broker is named. */
class ModelAnnouncerIT {

    @Test
    void shouldWriteTheEventKeyedByModelName() {
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "iot.models.announcer-" + UUID.randomUUID();
        broker.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        ModelEvent event = new ModelEvent("sensor-failure", "v7", "s3://models/prod", "sha256:" + "a".repeat(64));
        String where = ModelAnnouncer.announce(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), topic, event);
        assertThat(where).startsWith(topic + "-0@");

        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            Await.until("the model event read back", Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return !read.isEmpty();
            });
        }
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("sensor-failure");
            assertThat(ModelEvent.parse(r.value())).isEqualTo(event);
        });
    }

    @Test
    void shouldNameTheTopicAndTheFixWhenNoBrokerAnswers() {
        ModelEvent event = new ModelEvent("sensor-failure", "v7", "s3://models/prod", "sha256:" + "a".repeat(64));
        assertThatThrownBy(() -> ModelAnnouncer.announce(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:9", ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000), "iot.models.v1", event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not announce sensor-failure:v7 on iot.models.v1")
                .hasMessageContaining("check --bootstrap-servers");
    }
}
