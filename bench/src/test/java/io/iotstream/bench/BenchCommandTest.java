package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        return execute(Map.of(), args);
    }

    private int execute(Map<String, String> env, String... args) {
        CommandLine cl = BenchCommand.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void shouldPrintHelpWithEveryPart() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString()).contains("--quick", "--events", "--skip", "CEILINGS", "SPARK", "BATCH");
    }

    @Test
    void shouldRefuseAnUnknownFlagWithUsage() {
        assertThat(execute("--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option", "Usage:");
    }

    @Test
    void shouldRefuseAnUnknownPart() {
        assertThat(execute("--skip", "everything")).isEqualTo(2);
        assertThat(err.toString()).contains("--skip");
    }

    @Test
    void shouldRefuseBadSizesBeforeStartingAnything() {
        assertThat(execute("--events", "10", "--devices", "100", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("--events (10) must be at least --devices (100)");
        assertThat(execute("--sensors", "0", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("--sensors must be positive");
        assertThat(execute("--rounds", "0", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("--rounds is 0: give 1 or more");
        assertThat(execute("--settle-seconds", "-1", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("--settle-seconds is -1: give 0 or more");
        assertThat(execute("--latency-warm-up-seconds", "-1", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("--latency-warm-up-seconds must be 0 or more, not -1");
    }

    @Test
    void shouldRefuseAnUnknownGuarantee() {
        assertThat(execute("--guarantee", "exactly_once", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("--guarantee: exactly_once_v2 or at_least_once");
    }

    @Test
    void shouldShowTheKafkaFlagsInHelp() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString()).contains("--kafka-config=<file>", "-X, --kafka-property=<key=value>",
                "IOTSTREAM_KAFKA_PROPERTY_<KEY>");
    }

    @Test
    void shouldRefuseAMissingKafkaConfigNamingIt() {
        assertThat(execute("--kafka-config", "no/such/client.properties", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("no/such/client.properties", "does not exist", "Usage:");
    }

    @Test
    void shouldRefuseAMissingKafkaConfigFromTheEnvironmentNamingTheVariable() {
        assertThat(execute(Map.of(BenchCommand.KAFKA_CONFIG_ENV, "no/such/env.properties"), "--repo-root", "."))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no/such/env.properties", BenchCommand.KAFKA_CONFIG_ENV);
    }

    @Test
    void shouldRefuseAnOverrideThatIsNotKeyValue() {
        assertThat(execute("-X", "linger.ms", "--repo-root", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("'linger.ms' is not key=value");
    }

    @Test
    void shouldRefuseSecuritySettingsWithoutABroker(@TempDir Path root) {
        assertThat(execute(Map.of("IOTSTREAM_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL",
                "IOTSTREAM_HOME", root.resolve("no-stack").toString()), "--repo-root", root.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("security.protocol=SASL_SSL", "--bootstrap-servers");
    }
}
