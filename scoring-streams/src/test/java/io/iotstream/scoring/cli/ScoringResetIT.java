package io.iotstream.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code score reset} against a real broker: committed offsets, changelog topics and local state go. */
class ScoringResetIT {

    @TempDir
    Path dir;

    @Test
    void shouldDeleteOffsetsInternalTopicsAndLocalStateSoTheNextRunStartsOver() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        String app = "reset-" + UUID.randomUUID().toString().substring(0, 8);
        String input = "iot.sensor-readings." + app;
        String changelog = app + "-device-state-changelog";
        broker.createTopic(input, 2, Map.of());
        broker.createTopic(changelog, 2, Map.of("cleanup.policy", "compact"));
        broker.createTopic(app + "-other-topic", 1, Map.of());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, app), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(42)));
        }
        Path state = dir.resolve("state");
        Files.createDirectories(state.resolve(app).resolve("0_0"));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = ScoringCommand.newCommandLine(new ScoringCommand(Map.of(), Map.of()));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute("reset", "--bootstrap-servers", broker.bootstrapServers(), "--application-id", app,
                "--input-topic", input, "--state-dir", state.toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("deleted the committed offsets of " + app, changelog,
                "deleted local state", "from the start");
        assertThat(state.resolve(app)).doesNotExist();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            Await.until("the changelog topic is gone", Duration.ofSeconds(30), () -> {
                try {
                    return !admin.listTopics().names().get().contains(changelog);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(admin.listTopics().names().get()).contains(input, app + "-other-topic");
            assertThat(admin.listGroups().all().get()).noneMatch(g -> g.groupId().equals(app));
        }

        // Nothing left to reset: still fine.
        assertThat(line.execute("reset", "--bootstrap-servers", broker.bootstrapServers(), "--application-id", app,
                "--input-topic", input, "--state-dir", state.toString())).isEqualTo(ExitCode.OK);
        assertThat(List.of(out.toString().split("\n"))).last().asString().contains("from the start");
    }
}
