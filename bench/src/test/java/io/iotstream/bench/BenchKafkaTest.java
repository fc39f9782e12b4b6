package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.settings.CommandLines;
import io.iotstream.scoring.ScoringConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Kafka client settings of a run ({@code --kafka-config}, {@code IOTSTREAM_KAFKA_PROPERTY_*}, {@code -X}) reach
 * the configuration of every client the bench creates, over its defaults and under what the measurement fixes.
 */
class BenchKafkaTest {

    private static final String SERVERS = "broker.example:9093";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"bench\" password=\"s3cret-pw\";";

    @TempDir
    Path root;

    private BenchSettings parse(Map<String, String> env, String... args) {
        BenchCommand command = new BenchCommand(env);
        CommandLines.configure(new CommandLine(command), env).parseArgs(args);
        return command.settings();
    }

    private Path clientFile(String... lines) throws Exception {
        Path file = root.resolve("client.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    private Workload workload() throws Exception {
        Path file = clientFile("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512", "linger.ms=7",
                "ssl.truststore.location=/etc/trust.p12");
        BenchSettings s = parse(Map.of("IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", JAAS),
                "--repo-root", root.toString(), "--kafka-config", file.toString(), "-X", "client.rack=r1",
                "--bootstrap-servers", SERVERS);
        return new Workload(s, SERVERS);
    }

    private static void assertSecured(Map<?, ?> config) {
        Map<Object, Object> c = new HashMap<>(config);
        assertThat(c).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/trust.p12").containsEntry("client.rack", "r1")
                .containsEntry("bootstrap.servers", SERVERS);
    }

    @Test
    void shouldMergeFileThenEnvironmentThenFlagsOnce() throws Exception {
        Path file = clientFile("security.protocol=SSL", "linger.ms=7", "client.id=from-file");
        BenchSettings s = parse(Map.of("IOTSTREAM_KAFKA_PROPERTY_LINGER_MS", "8",
                "IOTSTREAM_KAFKA_PROPERTY_CLIENT_ID", "from-env"), "--repo-root", root.toString(),
                "--kafka-config", file.toString(), "--kafka-property", "client.id=from-flag");
        assertThat(s.kafka()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SSL", "linger.ms", "8",
                "client.id", "from-flag"));
    }

    @Test
    void shouldTakeTheFileFromTheEnvironmentAndTheBrokerFromTheSettings() throws Exception {
        Path file = clientFile("bootstrap.servers=" + SERVERS, "security.protocol=SSL");
        BenchSettings s = parse(Map.of(BenchCommand.KAFKA_CONFIG_ENV, file.toString()), "--repo-root",
                root.toString());
        assertThat(s.kafka()).containsExactly(Map.entry("security.protocol", "SSL"));
        assertThat(s.bootstrapServers()).isEqualTo(SERVERS);
        BenchSettings flagWins = parse(Map.of(BenchCommand.KAFKA_CONFIG_ENV, file.toString()), "--repo-root",
                root.toString(), "--bootstrap-servers", "other:9092");
        assertThat(flagWins.bootstrapServers()).isEqualTo("other:9092");
    }

    @Test
    void shouldTakeTheBrokerFromItsVariableAsEveryCommandDoes() throws Exception {
        BenchSettings s = parse(Map.of("IOTSTREAM_BOOTSTRAP_SERVERS", "from-env:9092"), "--repo-root",
                root.toString());
        assertThat(s.bootstrapServers()).isEqualTo("from-env:9092");
        BenchSettings flagWins = parse(Map.of("IOTSTREAM_BOOTSTRAP_SERVERS", "from-env:9092"), "--repo-root",
                root.toString(), "--bootstrap-servers", "from-flag:9092");
        assertThat(flagWins.bootstrapServers()).isEqualTo("from-flag:9092");
    }

    @Test
    void shouldGiveTheSettingsToTheAdminClientsAndTheProbe() throws Exception {
        try (Workload w = workload()) {
            assertSecured(w.kafka.admin());
            assertSecured(BrokerSource.probeConfig(SERVERS, w.settings.kafka()));
            assertThat(BrokerSource.probeConfig(SERVERS, w.settings.kafka())).containsEntry("request.timeout.ms",
                    5000);
        }
    }

    @Test
    void shouldGiveTheSettingsToProducersOverTheirDefaults() throws Exception {
        try (Workload w = workload()) {
            Map<String, Object> preload = w.preloadProducerConfig();
            assertSecured(preload);
            assertThat(preload).containsEntry("linger.ms", "7").containsEntry("batch.size", 512 * 1024);
            Map<String, Object> simulator = LatencyRun.simulatorConfig(w);
            assertSecured(simulator);
            assertThat(simulator).containsEntry("linger.ms", "7").containsEntry("schema.registry.url", w.registry);
        }
    }

    @Test
    void shouldGiveTheSettingsToConsumersUnderWhatTheMeasurementFixes() throws Exception {
        try (Workload w = workload()) {
            Map<String, Object> bare = Ceilings.consumerConfig(w);
            assertSecured(bare);
            assertThat(bare).containsEntry("enable.auto.commit", false).containsEntry("max.poll.records", 10_000)
                    .containsEntry("isolation.level", "read_committed");
            Map<String, Object> alerts = LatencyRun.alertsConsumerConfig(w);
            assertSecured(alerts);
            assertThat(alerts).containsEntry("isolation.level", "read_committed");
        }
    }

    @Test
    void shouldGiveTheSettingsToTheBenchStreamsApps() throws Exception {
        try (Workload w = workload()) {
            Map<Object, Object> streams = BenchStreamsConfig.of(w, "bench-pass-x", 2);
            assertSecured(streams);
            assertThat(streams).containsEntry("application.id", "bench-pass-x").containsEntry("num.stream.threads", 2)
                    .containsEntry("processing.guarantee", "exactly_once_v2");
        }
    }

    @Test
    void shouldGiveTheSettingsToTheScorerAsAnOwnerOnlyFile() throws Exception {
        Path file;
        try (Workload w = workload()) {
            Map<String, String> settings = new ScorerRuns(w, new BenchProgress(new PrintWriter(new StringWriter())))
                    .settings("bench-scorer-x", 2, "interval", w.input, "alerts");
            file = Path.of(settings.get(ScoringConfig.KAFKA_CONFIG));
            ScoringConfig config = ScoringConfig.resolve(settings, Map.of(), null);
            assertThat(config.kafkaSettings()).containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("security.protocol", "SASL_SSL").containsEntry("client.rack", "r1")
                    .doesNotContainKey("bootstrap.servers");
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
        }
        assertThat(file).as("deleted when the run ends").doesNotExist();
    }

    @Test
    void shouldPassTheSparkPeerAFileNeverTheSecrets() throws Exception {
        Path target = Files.createDirectories(root.resolve("bench-spark").resolve("target"));
        Files.writeString(target.resolve("classpath.txt"), "/libs/spark.jar");
        Files.writeString(target.resolve("iotstream-bench-spark-1.jar"), "");
        try (Workload w = workload()) {
            List<String> command = new SparkPeer(w, new BenchProgress(new PrintWriter(new StringWriter())))
                    .command("--variants", "stateful");
            int at = command.indexOf("--kafka-config");
            assertThat(at).isPositive();
            Properties file = new Properties();
            try (var in = Files.newBufferedReader(Path.of(command.get(at + 1)))) {
                file.load(in);
            }
            assertThat(file).containsEntry("sasl.jaas.config", JAAS).containsEntry("security.protocol", "SASL_SSL");
            assertThat(String.join(" ", command)).doesNotContain("s3cret-pw", "SASL_SSL");
        }
    }

    @Test
    void shouldPassNothingWhenNoSettingsAreGiven() throws Exception {
        BenchSettings s = parse(Map.of(), "--repo-root", root.toString());
        try (Workload w = new Workload(s, SERVERS)) {
            assertThat(w.kafkaConfigFile()).isNull();
            assertThat(w.kafka.admin()).containsExactly(Map.entry("bootstrap.servers", SERVERS));
        }
    }

    @Test
    void shouldHideSecretsWhenDescribed() throws Exception {
        try (Workload w = workload()) {
            assertThat(w.kafka.describe()).containsEntry("sasl.jaas.config", "[hidden]")
                    .containsEntry("security.protocol", "SASL_SSL");
            assertThat(w.kafka.describe().toString()).doesNotContain("s3cret-pw");
        }
    }
}
