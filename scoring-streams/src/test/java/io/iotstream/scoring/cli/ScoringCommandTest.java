package io.iotstream.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line, without a broker: help, usage and configuration errors (exit 2, one line naming the fix). */
class ScoringCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(Map<String, String> env, String... args) {
        CommandLine line = ScoringCommand.newCommandLine(new ScoringCommand(env, Map.of()));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void shouldListEverySettingAsAFlagWithItsVariableAndDefault() {
        assertThat(execute(Map.of(), "run", "--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("--bootstrap-servers", "--application-id", "--input-topic",
                "--alerts-topic", "--error-topic", "--model-uri", "--schema-registry-url", "--config-file",
                "--kafka-config", "IOTSTREAM_MODEL_URI", "Default: transitions");
        out.getBuffer().setLength(0);
        assertThat(execute(Map.of(), "reset", "--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("--bootstrap-servers", "--application-id").doesNotContain("--model-uri");
        assertThat(execute(Map.of(), "--version")).isEqualTo(ExitCode.OK);
    }

    @Test
    void shouldExitWithUsageOnAnUnknownFlagOrNoSubcommand() {
        assertThat(execute(Map.of(), "run", "--no-such-flag", "x")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--no-such-flag");
        assertThat(execute(Map.of())).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void shouldNameAMissingSettingBeforeConnectingAnywhere() {
        assertThat(execute(Map.of(), "run", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "mock://x")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("score run: ").contains("model.uri", "--model-uri",
                "IOTSTREAM_MODEL_URI");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void shouldNameAnInvalidSettingAndItsSource() {
        Map<String, String> env = Map.of("IOTSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "IOTSTREAM_MODEL_URI", "s3://models/m", "IOTSTREAM_SCHEMA_REGISTRY_URL", "mock://x",
                "IOTSTREAM_PROCESSING_GUARANTEE", "exactly_once");
        assertThat(execute(env, "run")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("processing.guarantee", "IOTSTREAM_PROCESSING_GUARANTEE",
                "exactly_once_v2");
    }

    @Test
    void shouldReadSettingsFromTheConfigFile() throws Exception {
        Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nmodel.uri=s3://models/m\nscoring.mode=hourly\n");
        assertThat(execute(Map.of(), "run", "--config-file", file.toString(), "--schema-registry-url", "mock://x"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("scoring.mode", "settings file " + file);
    }

    @Test
    void shouldCleanLocalStateOfTheApplicationOnly() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state.resolve("my-app").resolve("0_0"));
        Files.writeString(state.resolve("my-app").resolve("0_0").resolve("x"), "x");
        Files.createDirectories(state.resolve("other-app"));
        assertThat(execute(Map.of(), "clean", "--bootstrap-servers", "127.0.0.1:1", "--application-id", "my-app",
                "--state-dir", state.toString())).isEqualTo(ExitCode.OK);
        assertThat(state.resolve("my-app")).doesNotExist();
        assertThat(state.resolve("other-app")).exists();
        assertThat(out.toString()).contains("deleted local state");
    }

    @Test
    void shouldRefuseSecretsOnTheCommandLineAndWarnAboutOldFlagNames() {
        assertThat(execute(Map.of(), "run", "--schema-registry-url", "http://user:s3cret@registry:8080"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--schema-registry-url holds credentials", "IOTSTREAM_SCHEMA_REGISTRY_URL")
                .doesNotContain("s3cret");
        err.getBuffer().setLength(0);
        assertThat(execute(Map.of(), "reset", "--kafka-config-file", "client.properties", "--help"))
                .isEqualTo(ExitCode.OK);
    }
}
