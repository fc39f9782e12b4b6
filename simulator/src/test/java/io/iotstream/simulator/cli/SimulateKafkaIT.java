package io.iotstream.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.simulator.FakeTicker;
import io.iotstream.simulator.Fleet;
import io.iotstream.simulator.GroundTruthCheck;
import io.iotstream.simulator.RecordingSink;
import io.iotstream.simulator.SimulateConfig;
import io.iotstream.simulator.Simulation;
import io.iotstream.simulator.SinkKind;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.Topics;
import io.iotstream.devservices.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate --sink kafka against a real broker, read back with the project's deserializer. */
class SimulateKafkaIT {

    private static final String REGISTRY = "mock://simulate-kafka-it";

    @TempDir
    Path dir;

    private final KafkaBroker broker = KafkaBroker.shared();

    @Test
    void shouldDeliverExactlyWhatItSendsKeyedByDeviceWithEventTimesAsTimestamps() throws Exception {
        String topic = Topics.unique("it.sim.readings");
        broker.createTopic(topic, 3, Map.of());
        String[] args = {"--sink", "kafka", "--bootstrap-servers", broker.bootstrapServers(),
            "--schema-registry-url", REGISTRY, "--topic", topic, "--devices", "5", "--sensors", "10",
            "--events", "2000", "--rate", "1000", "--seed", "11", "--end-marker"};
        CliRun run = CliRun.simulate(Map.of(), new FakeTicker(), args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("2000 events sent", "2000 delivered; end marker sent");

        // what was sent: the same configuration and clocks, into a recording sink
        SimulateConfig config = SimulateConfig.builder().sink(SinkKind.KAFKA)
                .kafka(Map.of("bootstrap.servers", "x", "schema.registry.url", REGISTRY)).devices(5).sensors(10)
                .events(2000L).rate(1000).seed(11).progressInterval(Duration.ZERO).build();
        RecordingSink sent = new RecordingSink();
        new Simulation(config, new Fleet(5, "device-"), sent, new FakeTicker(), InstantSource.fixed(CliRun.T0),
                new StopSignal(), new PrintWriter(new StringWriter())).run();

        List<ConsumerRecord<String, SensorReading>> received = Topics.read(broker, topic, SensorReading.class,
                REGISTRY, 2005);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.value().getDeviceId());
            assertThat(r.timestamp()).isEqualTo(r.value().getEventTime().toEpochMilli());
        });
        Map<String, List<SensorReading>> byDevice = received.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, LinkedHashMap::new, Collectors.mapping(ConsumerRecord::value,
                        Collectors.toList())));
        assertThat(byDevice).hasSize(5);
        for (int d = 0; d < 5; d++) {
            String id = Fleet.idOf("device-", d);
            int device = d;
            List<SensorReading> expected = new ArrayList<>(sent.events.stream().filter(e -> e.device() == device)
                    .map(e -> reading(id, e.sensor(), e.value(), e.epochMillis())).toList());
            List<SensorReading> got = byDevice.get(id);
            // one key, one partition: the device's readings in the order sent, its end marker last
            assertThat(got.subList(0, got.size() - 1)).containsExactlyElementsOf(expected);
            assertThat(got.get(got.size() - 1).getSensor()).isEqualTo(-1);
        }
        Map<String, Integer> partitionOf = received.stream().collect(Collectors.toMap(ConsumerRecord::key,
                ConsumerRecord::partition, (a, b) -> {
                    assertThat(a).isEqualTo(b);
                    return a;
                }));
        assertThat(partitionOf).hasSize(5).allSatisfy((device, partition) -> assertThat(partition)
                .as("the default partitioner's choice for %s", device)
                .isEqualTo(org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                        device.getBytes(java.nio.charset.StandardCharsets.UTF_8), 3)));
    }

    @Test
    void shouldSendLabelledFramesFromTheTestingDomain() {
        String topic = Topics.unique("it.sim.frames");
        broker.createTopic(topic, 1, Map.of());
        CliRun run = CliRun.simulate(Map.of(), new FakeTicker(), "--sink", "kafka", "--bootstrap-servers",
                broker.bootstrapServers(), "--schema-registry-url", REGISTRY, "--topic", topic, "--frames",
                "--labels", "--devices", "3", "--sensors", "20", "--events", "300", "--rate", "max", "--seed", "2");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        FailureRule rule = FailureRule.standard(20);
        List<ConsumerRecord<String, SensorFrame>> frames = Topics.read(broker, topic, SensorFrame.class, REGISTRY,
                300);
        assertThat(frames).allSatisfy(r -> {
            SensorFrame f = r.value();
            assertThat(f.getValues()).hasSize(20).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
            double[] values = f.getValues().stream().mapToDouble(Double::doubleValue).toArray();
            assertThat(f.getLabel()).isEqualTo(rule.label(values));
        });
        assertThat(frames.stream().filter(r -> r.value().getLabel() == 1).count()).isBetween(100L, 200L);
    }

    @Test
    void shouldWriteGroundTruthConsistentWithWhatAConsumerReads() throws Exception {
        String topic = Topics.unique("it.sim.faults");
        broker.createTopic(topic, 2, Map.of());
        Path truthFile = dir.resolve("truth.json");
        CliRun run = CliRun.simulate("--sink", "kafka", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", REGISTRY, "--topic", topic, "--devices", "6", "--sensors", "10",
                "--faulty-devices", "2", "--fault-after-events", "3000", "--events", "12000", "--rate", "max",
                "--seed", "21", "--ground-truth", truthFile.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
        assertThat(truth.get("complete").asBoolean()).isTrue();

        List<ConsumerRecord<String, SensorReading>> received = Topics.read(broker, topic, SensorReading.class,
                REGISTRY, 12_000);
        // per partition in offset order: each device's readings in the order it sent them
        received.sort(Comparator.<ConsumerRecord<String, SensorReading>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        List<GroundTruthCheck.Reading> readings = received.stream().map(r -> new GroundTruthCheck.Reading(r.key(),
                r.value().getSensor(), r.value().getValue())).toList();
        List<String> faulty = new ArrayList<>();
        truth.get("faultyDevices").forEach(d -> faulty.add(d.get("deviceId").asText()));
        assertThat(GroundTruthCheck.assertConsistent(truth, readings, 0))
                .as("exactly the faulty devices end in the failure region").containsExactlyInAnyOrderElementsOf(faulty);
    }

    @Test
    void shouldFailClearlyWhenTheSchemaRegistryIsUnreachable() {
        int closed = io.iotstream.devservices.FreePorts.find();
        String topic = Topics.unique("it.sim.no-registry");
        broker.createTopic(topic, 1, Map.of());
        CliRun run = CliRun.simulate("--sink", "kafka", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", "http://127.0.0.1:" + closed, "-X", "http.connect.timeout.ms=1000",
                "--topic", topic, "--events", "10");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                .startsWith("simulate: schema registry problem for topic it.sim.no-registry")
                .contains("127.0.0.1:" + closed);
    }

    private static SensorReading reading(String device, int sensor, double value, long millis) {
        return SensorReading.newBuilder().setDeviceId(device).setSensor(sensor).setValue(value)
                .setEventTime(java.time.Instant.ofEpochMilli(millis)).build();
    }
}
