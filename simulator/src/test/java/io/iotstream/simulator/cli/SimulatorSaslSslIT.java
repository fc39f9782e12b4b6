package io.iotstream.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.simulator.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate} and {@code bridge} as child processes on a SASL_SSL broker (SCRAM-SHA-512 over TLS), configured
 * like a pod: the non-secret client settings in {@code --kafka-config}, the passwords in
 * {@code IOTSTREAM_KAFKA_PROPERTY_*} variables. A wrong password and a plaintext client fail with a clear message
 * within the producer's {@code max.block.ms}; nothing the processes print holds a secret.
 */
class SimulatorSaslSslIT {

    private static final String REGISTRY = "mock://simulator-sasl-ssl-it";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final KafkaBroker broker = KafkaBroker.sharedSaslSsl();
    private final List<Path> outputs = new ArrayList<>();

    @Test
    void shouldProduceThroughSaslSslWithPasswordsFromTheEnvironment() throws Exception {
        String topic = Topics.unique("it.sasl.readings");
        broker.createTopic(topic, 2, Map.of());
        Child simulate = run(SimulateCommand.class, env(broker.scramPassword()), "simulate", "--sink", "kafka",
                "--bootstrap-servers", broker.bootstrapServers(), "--kafka-config", kafkaConfig().toString(),
                "--schema-registry-url", REGISTRY, "--topic", topic, "--devices", "3", "--sensors", "5",
                "--events", "300", "--rate", "max", "--seed", "7");
        assertThat(simulate.exitCode()).as(simulate.output()).isZero();
        assertThat(simulate.output()).contains("300 events sent");

        Path lines = Files.writeString(dir.resolve("events.csv"), String.join("\n",
                "2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453",
                "2018-01-13T21:37:31.031Z,12,Sensor 12,0.73083",
                "2018-01-13T21:37:31.130Z,89,Sensor 89,0.51267") + "\n");
        Child bridge = run(BridgeCommand.class, env(broker.scramPassword()), "bridge", "--input", lines.toString(),
                "--device", "plant-1", "--bootstrap-servers", broker.bootstrapServers(),
                "--kafka-config", kafkaConfig().toString(), "--schema-registry-url", REGISTRY, "--topic", topic);
        assertThat(bridge.exitCode()).as(bridge.output()).isZero();
        assertThat(bridge.output()).contains("3 readings published");

        assertThat(countRecords(topic, 2, 303)).isEqualTo(303);
        assertNoSecretPrinted();
    }

    @Test
    void shouldFailClearlyOnAWrongPassword() throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        Child simulate = run(SimulateCommand.class, env(wrongPassword), "simulate", "--sink", "kafka",
                "--bootstrap-servers", broker.bootstrapServers(), "--kafka-config", kafkaConfig().toString(),
                "--schema-registry-url", REGISTRY, "--events", "10", "--rate", "max");
        assertThat(simulate.exitCode()).as(simulate.output()).isEqualTo(1);
        assertThat(simulate.output()).contains("invalid credentials with SASL mechanism SCRAM-SHA-512")
                .doesNotContain(wrongPassword);
        assertNoSecretPrinted();
    }

    @Test
    void shouldFailClearlyWhenTheClientSpeaksPlaintext() throws Exception {
        Child simulate = run(SimulateCommand.class, Map.of(), "simulate", "--sink", "kafka",
                "--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", REGISTRY,
                "--events", "10", "--rate", "max", "-X", "max.block.ms=5000");
        // A plaintext client gets no Kafka answer from a TLS port: the topic check says so within max.block.ms.
        assertThat(simulate.exitCode()).as(simulate.output()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(simulate.output()).contains("no answer from Kafka at " + broker.bootstrapServers(),
                "within 5 s", "the security settings");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The passwords as a Secret would give them to a pod. */
    private Map<String, String> env(String password) {
        return Map.of(
                "IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + KafkaBroker.SCRAM_USERNAME + "\" password=\"" + password + "\";",
                "IOTSTREAM_KAFKA_PROPERTY_SSL_TRUSTSTORE_PASSWORD", broker.truststorePassword());
    }

    /** The non-secret settings, as a ConfigMap would hold them. */
    private Path kafkaConfig() throws IOException {
        Path file = dir.resolve("kafka-client.properties");
        if (!Files.exists(file)) {
            Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                    + "ssl.truststore.type=PKCS12\nssl.truststore.location=" + broker.truststore() + "\n");
        }
        return file;
    }

    private void assertNoSecretPrinted() throws IOException {
        for (Path output : outputs) {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(text).as("SASL password in %s", output.getFileName()).doesNotContain(broker.scramPassword());
            assertThat(text).as("trust store password in %s", output.getFileName())
                    .doesNotContain(broker.truststorePassword());
        }
    }

    private long countRecords(String topic, int partitions, int expected) {
        Map<String, Object> config = new HashMap<>(broker.clientSettings());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long count = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    private record Child(int exitCode, String output) {
    }

    /** Runs a command's main in a child JVM with {@code env} on top of this one's; stdout and stderr to a file. */
    private Child run(Class<?> main, Map<String, String> env, String name, String... args)
            throws IOException, InterruptedException {
        Path output = dir.resolve(name + "-" + outputs.size() + ".out");
        outputs.add(output);
        List<String> command = new ArrayList<>(List.of(ChildProcess.thisJava().toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        ChildProcess child = ChildProcess.command(command).name(name).environment(env).logFile(output).start();
        int exitCode = child.awaitExit(TIMEOUT);
        String text = child.logText();
        System.out.printf("[SimulatorSaslSslIT] %s: exit %d after %d ms%s%n", name, exitCode,
                (System.nanoTime() - t0) / 1_000_000, exitCode == 0 ? ""
                        : ": " + text.lines().reduce((first, last) -> last).orElse(""));
        return new Child(exitCode, text);
    }
}
