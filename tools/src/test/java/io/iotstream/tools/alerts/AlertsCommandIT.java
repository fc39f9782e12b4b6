package io.iotstream.tools.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.KafkaBroker;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.serde.AvroSerdes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code alerts} against a real broker, reading records written with the project's Avro serde. */
class AlertsCommandIT {

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String registry = "mock://alerts-it-" + UUID.randomUUID();

    record Run(int exitCode, String out, String err) {
    }

    private Run alerts(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new AlertsCommand(Map.of("IOTSTREAM_HOME", "target/no-stack-here"),
                new CountDownLatch(1))).setExecutionExceptionHandler(AlertsCommand.ERRORS)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }

    @Test
    void shouldDecodeAlertsWrittenWithTheProjectSerde() throws Exception {
        String topic = "iot.alerts.it-" + UUID.randomUUID();
        kafka.createTopic(topic, 2, Map.of());
        try (Serializer<Alert> serializer = AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", registry),
                false).serializer();
                KafkaProducer<String, Alert> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
                        serializer)) {
            producer.send(new ProducerRecord<>(topic, "device-1", AlertLinesTest.alert("device-1", 0.91, "v1")));
            producer.send(new ProducerRecord<>(topic, "device-2", AlertLinesTest.alert("device-2", 0.12, "v1")));
            producer.send(new ProducerRecord<>(topic, "device-1", AlertLinesTest.alert("device-1", 0.95, "v2")));
            producer.flush();
        }

        Run all = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
                "--topic", topic, "--from-beginning", "--max-records", "3");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines()).hasSize(3)
                .anySatisfy(l -> assertThat(l).contains("device-1", "p=0.910", "model=sensor-failure v1"))
                .anySatisfy(l -> assertThat(l).contains("device-2", "p=0.120"))
                .anySatisfy(l -> assertThat(l).contains("device-1", "p=0.950", "model=sensor-failure v2"));

        Run one = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
                "--topic", topic, "--from-beginning", "--max-records", "2", "--device", "device-1", "--json");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out().lines()).hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("{").contains("\"deviceId\":\"device-1\""));
    }

    /** As the scorer does under exactly-once: an alert of an aborted transaction never prints. */
    @Test
    void shouldPrintCommittedAlertsOnly() throws Exception {
        String topic = "iot.alerts.it-" + UUID.randomUUID();
        kafka.createTopic(topic, 1, Map.of());
        Properties props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alerts-it-" + UUID.randomUUID());
        try (Serializer<Alert> serializer = AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", registry),
                false).serializer();
                KafkaProducer<String, Alert> producer = new KafkaProducer<>(props, new StringSerializer(),
                        serializer)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted", AlertLinesTest.alert("aborted", 0.91, "v1")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed", AlertLinesTest.alert("committed", 0.92, "v1")));
            producer.commitTransaction();
        }
        // A sentinel after both transactions: the two lines read are then the committed alert and the sentinel,
        // unless the aborted alert printed (it would come first, and the sentinel would not be reached).
        try (KafkaProducer<String, byte[]> sentinel = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            sentinel.send(new ProducerRecord<>(topic, "sentinel", "end".getBytes(StandardCharsets.UTF_8))).get();
        }
        Run run = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
                "--topic", topic, "--from-beginning", "--max-records", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(2).satisfiesExactly(
                first -> assertThat(first).contains("ATTENTION", "committed"),
                sentinel -> assertThat(sentinel).startsWith("UNDECODABLE"));
        assertThat(run.out()).doesNotContain("aborted");
    }

    @Test
    void shouldShowUndecodableRecordsInsteadOfStopping() throws Exception {
        String topic = "iot.alerts.it-" + UUID.randomUUID();
        kafka.createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "device-9", "not avro".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        Run run = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
                "--topic", topic, "--from-beginning", "--max-records", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("UNDECODABLE " + topic + " p0@0");
    }

    @Test
    void shouldFollowDeadLettersWithErrors() throws Exception {
        String topic = "iot.scoring.dlq.it-" + UUID.randomUUID();
        kafka.createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "device-4", new byte[] {1, 2, 3});
            record.headers().add("iotstream.dlq.reason", "DESERIALIZATION".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
            producer.flush();
        }

        Run run = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--errors", "--topic", topic,
                "--from-beginning", "--max-records", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("DEAD-LETTER p0@0", "key=device-4", "reason=DESERIALIZATION", "(3 bytes)");
    }

    @Test
    void shouldExitTwoNamingTheSettingWhenNoKafkaIsKnown() {
        Run run = alerts();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bootstrap-servers is not set", "./iotstream stack up");
    }
}
