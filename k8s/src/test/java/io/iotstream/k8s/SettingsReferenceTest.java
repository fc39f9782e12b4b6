package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.settings.LayeredDefaults;
import io.iotstream.cli.settings.SettingNames;
import io.iotstream.cli.topics.TopicsCommand;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.simulator.Ticker;
import io.iotstream.simulator.cli.BridgeCommand;
import io.iotstream.simulator.cli.SimulateCommand;
import io.iotstream.tools.alerts.AlertsCommand;
import io.iotstream.tools.model.ModelCommand;
import io.iotstream.training.cli.SessionProvider;
import io.iotstream.training.cli.TrainingCommand;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/SETTINGS.md, the one table of every setting of every command a user deploys or runs against a deployment,
 * is generated from the commands themselves (their picocli specs, the scorer's ConfigDef) and must match them. To
 * regenerate it after changing a flag: {@code mvn -pl k8s test -Dtest=SettingsReferenceTest
 * -Diotstream.writeSettingsReference=true}.
 */
class SettingsReferenceTest {

    private static final Path REFERENCE = Manifests.repo().resolve("docs").resolve("SETTINGS.md");

    @Test
    void theReferenceIsGeneratedFromTheCommands() throws Exception {
        String generated = reference();
        if (Boolean.getBoolean("iotstream.writeSettingsReference")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("docs/SETTINGS.md is out of date: regenerate it with mvn -pl k8s test "
                        + "-Dtest=SettingsReferenceTest -Diotstream.writeSettingsReference=true")
                .isEqualTo(generated);
    }

    static String reference() {
        StringBuilder out = new StringBuilder();
        out.append("# Settings reference\n\n")
                .append("Generated from the commands by `SettingsReferenceTest` (k8s module), which fails when this "
                        + "file and the\ncommands disagree. Every command resolves a setting the same way, highest "
                        + "first: its flag, its\nenvironment variable (`IOTSTREAM_` and the flag's name in upper case, "
                        + "`-` written `_`), a properties file of\nsettings (`IOTSTREAM_CONFIG_FILE`, or the scorer's "
                        + "`--config-file`; keys are the flag's name with `.` for `-`),\nthen the default. Kafka client "
                        + "settings (security, tuning) go in the file of `--kafka-config` or one variable\neach, "
                        + "`IOTSTREAM_KAFKA_PROPERTY_<KEY>`. Secrets are refused on the command line (exit 2). The "
                        + "model store also\nreads the AWS variables (`AWS_ENDPOINT_URL_S3`, `AWS_REGION`, "
                        + "`AWS_ACCESS_KEY_ID`, ...; see docs/model-store.md).\nThe developer tools (`stack`, "
                        + "`demo`, `bench`) document theirs in `--help`. Options without an environment variable are\n"
                        + "arguments of one run (`--name`, `--json`, required ones), not settings.\n\n")
                .append("Deprecated names, accepted with a warning until the next release:\n\n")
                .append("| old name | use |\n|---|---|\n");
        SettingNames.deprecated().forEach((old, now) -> out.append("| `").append(old).append("` | `").append(now)
                .append("` |\n"));
        out.append('\n');
        table(out, "topics create, check, describe", TopicsCommand.newCommandLine(new TopicsCommand(Map.of()))
                .getSubcommands().get("create"));
        scorer(out);
        table(out, "simulate", SimulateCommand.newCommandLine(new SimulateCommand(Map.of(),
                OutputStream.nullOutputStream(), Ticker.system(), InstantSource.system())));
        table(out, "bridge", BridgeCommand.newCommandLine(new BridgeCommand(Map.of(),
                new ByteArrayInputStream(new byte[0]), InstantSource.system())));
        CommandLine training = TrainingCommand.newCommandLine(new TrainingCommand(Map.of(), Map.of(),
                NO_SPARK, Clock.systemUTC()));
        for (String sub : List.of("gen", "train", "retrain")) {
            table(out, sub, training.getSubcommands().get(sub));
        }
        CommandLine model = ModelCommand.newCommandLine(new ModelCommand(Map.of(), Map.of()));
        model.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                table(out, "model " + name, sub);
            }
        });
        table(out, "alerts", AlertsCommand.newCommandLine(new AlertsCommand(Map.of(), new CountDownLatch(1))));
        return out.toString();
    }

    /** Reading the options needs no Spark session. */
    private static final SessionProvider NO_SPARK = new SessionProvider() {
        @Override
        public org.apache.spark.sql.SparkSession session(String appName, String master) {
            throw new AssertionError("no Spark for reading options");
        }

        @Override
        public void close() {
        }
    };

    /** {@code score run}: its settings are a ConfigDef (flags generated from it); reset and clean take a subset. */
    private static void scorer(StringBuilder out) {
        CommandLine score = ScoringCommand.newCommandLine(new ScoringCommand(Map.of(), Map.of()));
        out.append("## score run (reset and clean take bootstrap, application id, topics, state dir, Kafka config)\n\n")
                .append("| flag | environment | default | what |\n|---|---|---|---|\n");
        out.append("| `--config-file` | `IOTSTREAM_CONFIG_FILE` | | properties file of these settings |\n");
        for (ConfigDef.ConfigKey key : ScoringConfig.definition().configKeys().values()) {
            Object def = key.defaultValue;
            String shown = def == null || def == ConfigDef.NO_DEFAULT_VALUE ? ""
                    : ConfigDef.convertToString(def, key.type);
            String flag = ScoringConfig.flagName(key.name);
            OptionSpec option = score.getSubcommands().get("run").getCommandSpec().findOption(flag);
            out.append("| ").append(names(option)).append(" | `").append(ScoringConfig.envName(key.name))
                    .append("` | ").append(shown == null || shown.isEmpty() ? "" : "`" + shown + "`").append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        out.append('\n');
    }

    private static void table(StringBuilder out, String title, CommandLine line) {
        CommandSpec spec = line.getCommandSpec();
        out.append("## ").append(title).append("\n\n").append("| flag | environment | default | what |\n")
                .append("|---|---|---|---|\n");
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            boolean layered = LayeredDefaults.isSetting(option);
            String env = layered ? "`" + SettingNames.envName(SettingNames.primaryFlag(option.names())) + "`" : "";
            String def = option.defaultValue() == null ? "" : "`" + option.defaultValue() + "`";
            out.append("| ").append(names(option)).append(" | ").append(env).append(" | ").append(def)
                    .append(" | ").append(cell(String.join(" ", option.description()))).append(" |\n");
        }
        out.append('\n');
    }

    private static String names(OptionSpec option) {
        List<String> shown = new ArrayList<>();
        for (String name : option.names()) {
            shown.add("`" + name + "`" + (SettingNames.replacementOfFlag(name).isPresent() ? " (old)" : ""));
        }
        return String.join(", ", shown);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("${DEFAULT-VALUE}", "see default")
                .replace("${COMPLETION-CANDIDATES}", "see --help").replace("%n", " ").replace("\n", " ").strip();
    }
}
