package io.iotstream.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.KafkaBroker;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.testkit.CommandRun;
import io.iotstream.training.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --publish --promote --announce} (Tribuo, in this JVM) tells scorers on a real broker. */
class TrainAnnounceIT {

    @TempDir
    Path dir;

    @Test
    void promotedVersionIsAnnouncedOnceWithItsChecksum() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "model-events-" + UUID.randomUUID();
        broker.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        Path csv = TestData.csv(dir.resolve("train.csv"), 2_000, 5, 8);
        String store = dir.resolve("store").toString();

        CommandRun run = CliRun.run(CliRun.NO_SPARK, Map.of("IOTSTREAM_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                "train", csv.toString(), "--engine", "tribuo", "--name", "pump", "--model-version", "1", "--publish",
                store, "--promote", "--announce", "--models-topic", topic);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("pump: live version is 1", "announced pump:1 on " + topic + "-0@0");
        ModelArtifact live;
        try (ModelStore s = ModelStores.open(store, StoreOptions.defaults())) {
            live = s.fetch("pump", "1");
        }
        assertThat(events(broker, topic)).containsExactly(new ModelEvent("pump", "1", store, live.checksum()));
    }

    @Test
    void announceWithoutAPromotionIsAUsageError() throws Exception {
        Path csv = TestData.csv(dir.resolve("train.csv"), 200, 3, 8);
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "train", csv.toString(), "--engine", "tribuo", "--publish",
                dir.resolve("store").toString(), "--announce", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--announce goes with --publish and --promote");
    }

    private static List<ModelEvent> events(KafkaBroker broker, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ModelEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.size() < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(ModelEvent.parse(r.value())));
            }
            return events;
        }
    }
}
