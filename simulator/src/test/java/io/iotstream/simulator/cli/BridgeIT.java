package io.iotstream.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.csv.SensorEventLine;
import io.iotstream.simulator.Topics;
import io.iotstream.devservices.FreePorts;
import io.iotstream.devservices.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bridge against a real broker: the original's sample, malformed lines, and simulate's TCP stream. */
class BridgeIT {

    private static final String REGISTRY = "mock://bridge-it";

    @TempDir
    Path dir;

    private final KafkaBroker broker = KafkaBroker.shared();

    /** The bridge's flags for {@code topic}, created first as an operator would (the bridge checks it exists). */
    private String[] kafka(String topic, String... more) {
        broker.createTopic(topic, 1, java.util.Map.of());
        List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", REGISTRY, "--topic", topic, "--device", "plant-1", "--progress-interval",
                "0s"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void shouldPublishTheOriginalsSampleAsReadingsOfTheDevice() throws Exception {
        String sample;
        try (InputStream in = getClass().getResourceAsStream("/benchmark/sim_sensor_output.txt")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String topic = Topics.unique("it.bridge.sample");
        CliRun run = CliRun.bridge(sample, kafka(topic));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("6 lines read, 5 readings published, 5 delivered, 1 blank or comment lines "
                + "skipped; 0 malformed; input ended");
        assertThat(run.err()).isEmpty();
        List<ConsumerRecord<String, SensorReading>> received = Topics.read(broker, topic, SensorReading.class,
                REGISTRY, 5);
        List<String> lines = sample.lines().filter(l -> !l.startsWith("#")).toList();
        for (int i = 0; i < 5; i++) {
            SensorEventLine.Event event = SensorEventLine.parse(lines.get(i), i + 1);
            SensorReading r = received.get(i).value();
            assertThat(received.get(i).key()).isEqualTo("plant-1");
            assertThat(r.getDeviceId()).isEqualTo("plant-1");
            assertThat(r.getSensor()).isEqualTo(event.sensor());
            assertThat(r.getValue()).isEqualTo(event.value());
            assertThat(r.getEventTime()).isEqualTo(event.time());
            assertThat(received.get(i).timestamp()).isEqualTo(event.time().toEpochMilli());
        }
        assertThat(received.get(0).value().getSensor()).isEqualTo(77);
        assertThat(received.get(0).value().getValue()).isEqualTo(0.47453);
    }

    private static final String MIXED = String.join("\n",
            "2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453",
            "2018-01-13T21:37:30.923Z,82,Sensor 82",
            "2018-01-13T21:37:31.031Z,12,Sensor 12,0.73083",
            "not an event at all",
            "",
            "2018-01-13T21:37:31.130Z,89,Sensor 89,0.51267",
            "2018-01-13T21:37:31.224Z,-1,Sensor -1,0.00000",
            "2018-01-13T21:37:31.300Z,14,Sensor 14,0.63628") + "\n";

    @Test
    void shouldSendMalformedLinesToTheDeadLetterTopicWithTheirLineNumbersAndStopAtTheEndMarker() {
        String topic = Topics.unique("it.bridge.mixed");
        String dlq = Topics.unique("it.bridge.dlq");
        CliRun run = CliRun.bridge(MIXED, kafka(topic, "--dead-letter-topic", dlq, "--end-marker"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("7 lines read, 3 readings published, 3 delivered, 1 blank or comment lines "
                + "skipped; 2 malformed (lines 2, 4) to dead-letter topic " + dlq + "; end-of-stream marker reached");
        assertThat(run.err()).isEmpty();

        List<ConsumerRecord<String, SensorReading>> readings = Topics.read(broker, topic, SensorReading.class,
                REGISTRY, 4);
        assertThat(readings).extracting(r -> r.value().getSensor()).containsExactly(77, 12, 89, -1);

        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readRaw(broker, dlq, 2);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("2018-01-13T21:37:30.923Z,82,Sensor 82", "not an event at all");
        assertThat(dead).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("plant-1"));
        assertThat(header(dead.get(0), "iotstream.dlq.line")).isEqualTo("2");
        assertThat(header(dead.get(1), "iotstream.dlq.line")).isEqualTo("4");
        assertThat(header(dead.get(0), "iotstream.dlq.reason")).isEqualTo("malformed-line");
        assertThat(header(dead.get(0), "iotstream.dlq.stage")).isEqualTo("parse");
        assertThat(header(dead.get(0), "iotstream.dlq.source")).isEqualTo("stdin");
        assertThat(header(dead.get(0), "iotstream.dlq.message")).startsWith("expected 4 comma-separated fields");
        assertThat(header(dead.get(0), "iotstream.dlq.exception"))
                .isEqualTo("io.iotstream.schemas.csv.MalformedLineException");
    }

    @Test
    void shouldReportMalformedLinesOnStderrWithoutADeadLetterTopic() throws IOException {
        String topic = Topics.unique("it.bridge.stderr");
        Path file = dir.resolve("mixed.txt");
        Files.writeString(file, MIXED);
        CliRun run = CliRun.bridge("", kafka(topic, "--input", file.toString(), "--sensors", "85"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.errLines()).containsExactly(
                "bridge: line 2: expected 4 comma-separated fields (time,sensor,Sensor n,value), found 3: "
                        + "'2018-01-13T21:37:30.923Z,82,Sensor 82'",
                "bridge: line 4: expected 4 comma-separated fields (time,sensor,Sensor n,value), found 1: "
                        + "'not an event at all'",
                "bridge: line 6: sensor number 89 is above --sensors 85: '2018-01-13T21:37:31.130Z,89,Sensor 89,0.51267'");
        assertThat(run.out()).contains("reading file:" + file, "2 readings published",
                "3 malformed (lines 2, 4, 6) to stderr; end-of-stream marker reached");
        assertThat(Topics.read(broker, topic, SensorReading.class, REGISTRY, 2))
                .extracting(r -> r.value().getSensor()).containsExactly(77, 12);
    }

    @Test
    void shouldReadSimulatesTcpStreamTheWaySparksSocketSourceDoes() throws Exception {
        int port = FreePorts.find();
        String topic = Topics.unique("it.bridge.tcp");
        CompletableFuture<CliRun> simulate = CompletableFuture.supplyAsync(() -> CliRun.simulate("--sink", "tcp",
                "--bind", "127.0.0.1", "--port", String.valueOf(port), "--rate", "20000", "--events", "5000",
                "--end-marker", "--progress-interval", "0s"));
        // the source may not listen yet: the bridge fails fast, so try until it connects
        CliRun bridge = io.iotstream.devservices.Await.until("bridge connected to simulate", Duration.ofSeconds(30),
                () -> {
                    CliRun r = CliRun.bridge("", kafka(topic, "--connect", "127.0.0.1:" + port, "--end-marker"));
                    return r.exitCode() == 0 ? r : null;
                });
        assertThat(bridge.out()).contains("reading tcp://127.0.0.1:" + port,
                "5001 lines read, 5000 readings published, 5000 delivered; 0 malformed; end-of-stream marker reached");
        assertThat(simulate.get(30, TimeUnit.SECONDS).exitCode()).isZero();
        List<ConsumerRecord<String, SensorReading>> readings = Topics.read(broker, topic, SensorReading.class,
                REGISTRY, 5001);
        assertThat(readings.get(5000).value().getSensor()).isEqualTo(-1);
        assertThat(readings.subList(0, 5000)).allSatisfy(r -> assertThat(r.value().getSensor()).isBetween(1, 100));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
