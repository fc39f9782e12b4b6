package io.iotstream.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.KafkaBroker;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.model.store.TestModels;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.testkit.CommandRun;
import java.nio.file.Files;
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

/**
 * {@code model promote --announce} and {@code model rollback --announce} on a real broker: each tells the scorers
 * on the compacted model-events topic which version is live now, with the checksum the store verified.
 */
class ModelAnnounceIT {

    @TempDir
    Path tmp;

    @Test
    void promoteAndRollbackAnnounceTheVersionThatIsLiveNow() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "model-events-" + UUID.randomUUID();
        broker.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        String store = tmp.resolve("store").toUri().toString();
        ModelArtifact v1 = TestModels.artifact("turbine", "1", 1);
        ModelArtifact v2 = TestModels.artifact("turbine", "2", 2);
        for (ModelArtifact artifact : List.of(v1, v2)) {
            Path file = tmp.resolve("model-" + artifact.version() + ".json");
            Files.write(file, ModelJson.write(artifact));
            assertThat(CliRun.run(Map.of(), "publish", store, file.toString()).exitCode()).isZero();
        }
        Map<String, String> env = Map.of("IOTSTREAM_BOOTSTRAP_SERVERS", broker.bootstrapServers());

        CommandRun promote1 = CliRun.run(env, "promote", store, "--name", "turbine", "--version", "1", "--announce",
                "--models-topic", topic);
        assertThat(promote1.exitCode()).as(promote1.toString()).isZero();
        assertThat(promote1.out()).contains("announced turbine:1 on " + topic + "-0@0");
        CommandRun promote2 = CliRun.run(Map.of(), "promote", store, "--name", "turbine", "--version", "2",
                "--announce", "--bootstrap-servers", broker.bootstrapServers(), "--models-topic", topic);
        assertThat(promote2.exitCode()).as(promote2.toString()).isZero();
        CommandRun rollback = CliRun.run(env, "rollback", store, "--name", "turbine", "--announce",
                "--models-topic", topic);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("rolled back turbine from 2 to 1", "announced turbine:1 on " + topic);
        CommandRun quiet = CliRun.run(env, "promote", store, "--name", "turbine", "--version", "2");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.out()).doesNotContain("announced");

        assertThat(events(broker, topic, 3)).containsExactly(
                new ModelEvent("turbine", "1", store, v1.checksum()),
                new ModelEvent("turbine", "2", store, v2.checksum()),
                new ModelEvent("turbine", "1", store, v1.checksum()));
    }

    @Test
    void announceFlagsAreCheckedBeforeTheStoreChanges() throws Exception {
        String store = tmp.resolve("store").toUri().toString();
        Path file = tmp.resolve("model.json");
        Files.write(file, ModelJson.write(TestModels.artifact("turbine", "1", 1)));
        assertThat(CliRun.run(Map.of(), "publish", store, file.toString()).exitCode()).isZero();

        CommandRun noBrokers = CliRun.run(Map.of(), "promote", store, "--name", "turbine", "--version", "1",
                "--announce");
        assertThat(noBrokers.exitCode()).isEqualTo(2);
        assertThat(noBrokers.err()).contains("--announce needs the Kafka brokers: give --bootstrap-servers");
        CommandRun brokersAlone = CliRun.run(Map.of(), "rollback", store, "--name", "turbine",
                "--bootstrap-servers", "127.0.0.1:9");
        assertThat(brokersAlone.exitCode()).isEqualTo(2);
        assertThat(brokersAlone.err()).contains("go with --announce");
        try (ModelStore s = ModelStores.open(store, StoreOptions.defaults())) {
            assertThat(s.live("turbine")).as("nothing was made live by the refused commands").isEmpty();
        }
    }

    /** Every event on the topic, in order, once the end offset shows {@code expected} of them. */
    private static List<ModelEvent> events(KafkaBroker broker, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThat(consumer.endOffsets(List.of(partition)).get(partition)).isEqualTo(expected);
            List<ModelEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    assertThat(r.key()).isEqualTo("turbine");
                    events.add(ModelEvent.parse(r.value()));
                });
            }
            return events;
        }
    }
}
