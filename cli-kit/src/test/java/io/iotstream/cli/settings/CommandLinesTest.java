package io.iotstream.cli.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.testkit.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The one precedence, the secrets refusal and the deprecated names, on a command shaped like IoTStream's. */
class CommandLinesTest {

    @TempDir
    Path tmp;

    @Command(name = "probe")
    static class Probe implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--bootstrap-servers")
        String bootstrapServers;

        @Option(names = "--rate", defaultValue = "1000")
        int rate;

        @Option(names = {"--kafka-config", "--kafka-config-file"})
        Path kafkaConfig;

        @Option(names = "--schema-registry-url")
        String registry;

        @Option(names = {"-X", "--kafka-property"})
        List<String> kafka = new ArrayList<>();

        @PerRun
        @Option(names = "--json")
        boolean json;

        @Option(names = "--name")
        @PerRun
        String name;

        @Override
        public Integer call() {
            spec.commandLine().getOut().printf("servers=%s rate=%d config=%s registry=%s json=%s name=%s%n",
                    bootstrapServers, rate, kafkaConfig, registry, json, name);
            return 0;
        }
    }

    private static CommandRun run(Map<String, String> env, String... args) {
        return CommandRun.execute(CommandLines.configure(new CommandLine(new Probe()), env), args);
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = tmp.resolve("settings.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nrate=7\n");
        Map<String, String> env = Map.of(SettingNames.CONFIG_FILE_ENV, file.toString(),
                "IOTSTREAM_BOOTSTRAP_SERVERS", "env:9092");

        assertThat(run(env, "--bootstrap-servers", "flag:9092").out()).contains("servers=flag:9092 rate=7");
        assertThat(run(env).out()).contains("servers=env:9092 rate=7");
        assertThat(run(Map.of(SettingNames.CONFIG_FILE_ENV, file.toString())).out())
                .contains("servers=file:9092 rate=7");
        assertThat(run(Map.of()).out()).contains("servers=null rate=1000");
    }

    @Test
    void anUnreadableSettingsFileIsAUsageErrorNamingIt() {
        Map<String, String> env = Map.of(SettingNames.CONFIG_FILE_ENV, tmp.resolve("nope.properties").toString());
        CommandRun run = run(env);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("settings file " + tmp.resolve("nope.properties") + " does not exist",
                "IOTSTREAM_CONFIG_FILE");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void secretsOnTheCommandLineAreAUsageErrorNamingWhereTheyGo() {
        CommandRun jaas = run(Map.of(), "-X", "sasl.jaas.config=org.apache...PlainLoginModule required "
                + "password=\"s3cret\";");
        assertThat(jaas.exitCode()).isEqualTo(2);
        assertThat(jaas.err()).contains("sasl.jaas.config is a secret", "--kafka-config",
                "IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG").doesNotContain("s3cret");
        assertThat(jaas.out()).isEmpty();

        CommandRun glued = run(Map.of(), "-Xssl.keystore.password=s3cret");
        assertThat(glued.exitCode()).isEqualTo(2);
        assertThat(glued.err()).contains("ssl.keystore.password is a secret").doesNotContain("s3cret");

        CommandRun url = run(Map.of(), "--schema-registry-url", "http://user:s3cret@registry:8080/apis/ccompat/v7");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("--schema-registry-url holds credentials in its URL",
                "IOTSTREAM_SCHEMA_REGISTRY_URL", "basic.auth.user.info").doesNotContain("s3cret");

        CommandRun fine = run(Map.of(), "-X", "linger.ms=20", "--schema-registry-url", "http://registry:8080");
        assertThat(fine.exitCode()).isZero();
    }

    @Test
    void aURLWithCredentialsFromTheEnvironmentIsAllowed() {
        CommandRun run = run(Map.of("IOTSTREAM_SCHEMA_REGISTRY_URL", "http://user:pw@registry:8080"));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("registry=http://user:pw@registry:8080");
    }

    @Test
    void deprecatedNamesStillWorkWithAWarning() throws Exception {
        CommandRun flag = run(Map.of(), "--kafka-config-file", "client.properties");
        assertThat(flag.exitCode()).isZero();
        assertThat(flag.out()).contains("config=client.properties");
        assertThat(flag.err()).contains("probe: warning: --kafka-config-file is deprecated: use --kafka-config");

        CommandRun env = run(Map.of("IOTSTREAM_KAFKA_CONFIG_FILE", "old.properties"));
        assertThat(env.out()).contains("config=old.properties");
        assertThat(env.err()).contains("IOTSTREAM_KAFKA_CONFIG_FILE is deprecated: use IOTSTREAM_KAFKA_CONFIG");

        Path file = tmp.resolve("old.properties");
        Files.writeString(file, "kafka.config.file=from-file.properties\n");
        CommandRun key = run(Map.of(SettingNames.CONFIG_FILE_ENV, file.toString()));
        assertThat(key.out()).contains("config=from-file.properties");
        assertThat(key.err()).contains("kafka.config.file, which is deprecated: use kafka.config");

        CommandRun current = run(Map.of("IOTSTREAM_KAFKA_CONFIG", "new.properties"));
        assertThat(current.err()).isEmpty();
    }

    @Test
    void namesAreDerivedOneWay() {
        assertThat(SettingNames.envName("--schema-registry-url")).isEqualTo("IOTSTREAM_SCHEMA_REGISTRY_URL");
        assertThat(SettingNames.envName("schema.registry.url")).isEqualTo("IOTSTREAM_SCHEMA_REGISTRY_URL");
        assertThat(SettingNames.key("--schema-registry-url")).isEqualTo("schema.registry.url");
        assertThat(SettingNames.flagName("schema.registry.url")).isEqualTo("--schema-registry-url");
        assertThat(SettingNames.replacementOfKey("kafka.config.file")).hasValue("kafka.config");
    }

    @Test
    void argumentsOfOneRunTakeNothingFromTheEnvironment() {
        CommandRun run = run(Map.of("IOTSTREAM_JSON", "true", "IOTSTREAM_NAME", "from-env", "IOTSTREAM_RATE", "5"));
        assertThat(run.out()).contains("rate=5", "json=false name=null");
    }
}
