package io.iotstream.tools.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.testkit.CommandRun;
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

/** {@code alerts} against a real broker and registry, reading records written with the project's Avro serde. */
class AlertsCommandIT {

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String registry = ApicurioRegistry.shared().ccompatUrl();

    private static CommandRun alerts(String... args) {
        return CommandRun.execute(AlertsCommand.newCommandLine(new AlertsCommand(Map.of("IOTSTREAM_HOME",
                "target/no-stack-here"), new CountDownLatch(1))), args);
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

        CommandRun all = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
                "--topic", topic, "--from-beginning", "--max-records", "3");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines()).hasSize(3)
                .anySatisfy(l -> assertThat(l).contains("device-1", "p=0.910", "model=sensor-failure v1"))
                .anySatisfy(l -> assertThat(l).contains("device-2", "p=0.120"))
                .anySatisfy(l -> assertThat(l).contains("device-1", "p=0.950", "model=sensor-failure v2"));

        CommandRun one = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
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
        CommandRun run = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
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

        CommandRun run = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry,
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

        CommandRun run = alerts("--bootstrap-servers", kafka.bootstrapServers(), "--errors", "--topic", topic,
                "--from-beginning", "--max-records", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("DEAD-LETTER p0@0", "key=device-4", "reason=DESERIALIZATION", "(3 bytes)");
    }

    @Test
    void shouldExitTwoNamingTheSettingWhenNoKafkaIsKnown() {
        CommandRun run = alerts();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bootstrap-servers is not set", "./iotstream stack up");
    }

    /** A secured cluster: its settings from a client properties file, the password never on the command line. */
    @Test
    void shouldFollowASaslSslClusterWithTheSettingsInAFile() throws Exception {
        KafkaBroker secured = KafkaBroker.sharedSaslSsl();
        String topic = "iot.alerts.it-" + UUID.randomUUID();
        secured.createTopic(topic, 1, Map.of());
        Properties props = new Properties();
        props.putAll(secured.clientSettings());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers());
        try (Serializer<Alert> serializer = AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", registry),
                false).serializer();
                KafkaProducer<String, Alert> producer = new KafkaProducer<>(props, new StringSerializer(),
                        serializer)) {
            producer.send(new ProducerRecord<>(topic, "device-9", AlertLinesTest.alert("device-9", 0.97, "v3")))
                    .get();
        }

        CommandRun run = alerts("--bootstrap-servers", secured.bootstrapServers(), "--kafka-config",
                secured.clientPropertiesFile().toString(), "--schema-registry-url", registry, "--topic", topic,
                "--from-beginning", "--max-records", "1");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("device-9", "p=0.970", "model=sensor-failure v3");
        assertThat(run.toString()).doesNotContain(secured.scramPassword());

        CommandRun onArgv = alerts("--bootstrap-servers", secured.bootstrapServers(), "-X",
                "sasl.jaas.config=" + secured.clientSettings().get("sasl.jaas.config"), "--topic", topic);
        assertThat(onArgv.exitCode()).as(onArgv.toString()).isEqualTo(2);
        assertThat(onArgv.err()).contains("sasl.jaas.config is a secret", "--kafka-config",
                "IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG").doesNotContain(secured.scramPassword());
    }
}
