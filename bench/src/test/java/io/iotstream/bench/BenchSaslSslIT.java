package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.kafka.KafkaClientProperties;
import io.iotstream.devservices.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} against a SASL_SSL broker (SCRAM-SHA-512 over TLS), the non-secret settings in a
 * {@code --kafka-config} file and the passwords only in {@code IOTSTREAM_KAFKA_PROPERTY_*} variables: a tiny run of
 * the ceilings part (admin, preload producer, probe, bare and decoding consumers, the pass-through Streams app with
 * transactions) completes, and no password appears in what it printed or wrote. Speeds are not checked.
 */
class BenchSaslSslIT {

    @Test
    void shouldRunThroughSaslSslWithTheSecretsOnlyInTheEnvironment(@TempDir Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.sharedSaslSsl();
        Map<String, String> client = broker.clientSettings();
        Path file = dir.resolve("client.properties");
        Files.write(file, List.of("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "ssl.truststore.type=PKCS12", "ssl.truststore.location=" + broker.truststore()));
        Map<String, String> env = Map.of(
                "IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", client.get("sasl.jaas.config"),
                "IOTSTREAM_KAFKA_PROPERTY_SSL_TRUSTSTORE_PASSWORD", broker.truststorePassword());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = BenchCommand.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int exit = cl.execute("--bootstrap-servers", broker.bootstrapServers(), "--kafka-config", file.toString(),
                "-X", "client.rack=bench-it", "--events", "2000", "--devices", "100", "--sensors", "10",
                "--skip", "scorer,pmml,spark,latency,batch", "--output", dir.resolve("out").toString());
        // The figures in the build log, for whoever reads it (never asserted).
        System.out.print(out);

        assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
        assertThat(out.toString()).contains("bare consumer (bytes)", "pass-through Streams");
        assertThat(err.toString()).contains("Kafka client settings of every client", "sasl.jaas.config=[hidden]");
        StringBuilder everything = new StringBuilder(out.toString()).append(err);
        try (Stream<Path> written = Files.list(dir.resolve("out"))) {
            for (Path p : written.filter(p -> p.toString().endsWith(".json")).toList()) {
                everything.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        assertThat(everything.toString()).contains("kafkaClientSettings")
                .doesNotContain(broker.scramPassword(), broker.truststorePassword());
    }

    @Test
    void shouldRefuseAWrongPasswordNamingTheAuthenticationErrorWithoutThePassword(@TempDir Path dir) {
        KafkaBroker broker = KafkaBroker.sharedSaslSsl();
        String wrong = "not-the-" + broker.scramPassword();
        Map<String, String> env = new java.util.HashMap<>();
        broker.clientSettings(KafkaBroker.SCRAM_USERNAME, wrong)
                .forEach((key, value) -> env.put(KafkaClientProperties.envName(key), value));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = BenchCommand.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int exit = cl.execute("--bootstrap-servers", broker.bootstrapServers(), "--events", "2000", "--devices",
                "100", "--output", dir.toString());

        assertThat(exit).as("exit code; stderr:%n%s", err).isEqualTo(2);
        assertThat(err.toString()).contains("SaslAuthenticationException", "--kafka-config")
                .doesNotContain(wrong, broker.truststorePassword());
    }
}
