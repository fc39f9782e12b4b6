package io.iotstream.stack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.devservices.Await;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.stack.Stack;
import io.iotstream.stack.readme.ReadmeBlocks;
import io.iotstream.stack.readme.ReadmeShell;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo in miniature, on the real local stack, through the real launcher: README.md's DemoIT block, line by
 * line. After the demo it reads the alerts topic itself and compares it with the simulator's answers; after
 * {@code stack down} it checks that no process and no port is left.
 */
class DemoIT {

    private final Path home;

    DemoIT() throws IOException {
        home = Files.createTempDirectory(ReadmeShell.ROOT.resolve("local-stack/target"), "demo-it-");
    }

    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        ReadmeShell.run("./iotstream stack down", home);
    }

    @Test
    void shouldAlertExactlyTheFaultyDevicesAndShowTheModelSwapInTheAlerts() throws Exception {
        List<String> commands = ReadmeBlocks.read(ReadmeShell.ROOT.resolve("README.md")).stream()
                .filter(b -> b.isRunBy("DemoIT")).findFirst().orElseThrow().commands();
        assertThat(commands).anyMatch(c -> c.startsWith("./iotstream demo "))
                .last().isEqualTo("./iotstream stack down");
        ReadmeShell.assumeBuilt();
        long start = System.currentTimeMillis();
        List<ProcessHandle> stackProcesses = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String command : commands) {
            if (command.equals("./iotstream stack down")) {
                recordStack(stackProcesses, ports);
            }
            ReadmeShell.Run run = ReadmeShell.run(command, home);
            System.out.printf("%s: exit %d in %d ms%n%s%n", command, run.exitCode(), run.millis(), run.output());
            ReadmeShell.assertNoBuild(command, run.output(), start);
            assertThat(run.exitCode()).as("%s%n%s", command, run.output()).isZero();
            if (command.startsWith("./iotstream demo ")) {
                assertThat(run.output()).contains("Result: exactly the 2 faulty devices alerted");
                checkAlertsAgainstTheAnswers();
            }
        }
        for (ProcessHandle p : stackProcesses) {
            assertThat(Stack.isRunning(p)).as("process %d (%s) is gone", p.pid(), p.info().command().orElse("?"))
                    .isFalse();
        }
        for (int port : ports) {
            Await.until("port " + port + " is free", Duration.ofSeconds(10), () -> canBind(port));
        }
    }

    private void checkAlertsAgainstTheAnswers() throws Exception {
        FleetAnswers answers = FleetAnswers.read(home.resolve("demo/ground-truth.json"));
        assertThat(answers.complete()).isTrue();
        assertThat(answers.faultyDevices()).hasSize(2);
        Properties state = Stack.readState(home);
        Map<String, List<Alert>> byDevice = readAllAlerts(state.getProperty(LocalStackState.KAFKA_BOOTSTRAP_SERVERS),
                state.getProperty(LocalStackState.REGISTRY_URL));

        Set<String> attention = byDevice.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(Alert::getAttentionNeeded)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(attention).as("devices some alert found in attention").isEqualTo(new TreeSet<>(
                answers.faultyDevices()));
        for (String device : answers.faultyDevices()) {
            List<Alert> alerts = byDevice.get(device);
            // alerts.emit=all: STATUS alerts of the healthy start come first; the first in attention is the transition
            assertThat(alerts.stream().filter(Alert::getAttentionNeeded).findFirst().orElseThrow().getKind())
                    .as("first alert of faulty %s in attention", device).isEqualTo(AlertKind.ATTENTION);
            List<String> versions = alerts.stream().filter(Alert::getAttentionNeeded).map(Alert::getModelVersion)
                    .distinct().collect(Collectors.toList());
            // a device's alerts are in order (one partition): first model 1's, then, after the live swap, model 2's
            assertThat(versions).as("models that found faulty %s in attention, in order", device).hasSize(2);
            assertThat(versions.get(0)).matches("\\d{8}-\\d{6}\\.1");
            assertThat(versions.get(1)).isEqualTo(versions.get(0).replaceFirst("\\.1$", ".2"));
        }
    }

    /** Every alert on the topic (committed ones: the scorer is exactly-once), by device, in order. */
    private static Map<String, List<Alert>> readAllAlerts(String bootstrap, String registry) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, List<Alert>> byDevice = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
                Deserializer<Alert> alerts = AvroSerdes.specific(Alert.class,
                        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry), false).deserializer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(DemoPlan.ALERTS_TOPIC, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read the alerts topic to its end within 60 s").isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Alert alert = alerts.deserialize(r.topic(), r.headers(), r.value());
                    byDevice.computeIfAbsent(alert.getDeviceId(), d -> new ArrayList<>()).add(alert);
                }
            }
        }
        return byDevice;
    }

    private void recordStack(List<ProcessHandle> processes, List<Integer> ports) {
        Properties state = Stack.readState(home);
        for (String service : List.of("kafka", "s3", "registry")) {
            ProcessHandle p = ProcessHandle.of(Long.parseLong(state.getProperty(service + ".pid"))).orElseThrow();
            processes.add(p);
            processes.addAll(p.descendants().collect(Collectors.toList()));
        }
        String kafka = state.getProperty(LocalStackState.KAFKA_BOOTSTRAP_SERVERS);
        ports.add(Integer.parseInt(kafka.substring(kafka.lastIndexOf(':') + 1)));
        ports.add(URI.create(state.getProperty(LocalStackState.S3_ENDPOINT)).getPort());
        ports.add(URI.create(state.getProperty(LocalStackState.REGISTRY_URL)).getPort());
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
