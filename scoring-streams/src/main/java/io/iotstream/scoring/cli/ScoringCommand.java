package io.iotstream.scoring.cli;

import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.model.store.ModelStoreException;
import io.iotstream.scoring.ScoringConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code score} command: run the Kafka Streams scorer, reset it to reprocess its input from the start, or
 * clean its local state.
 *
 * <p>Every setting is a flag, an {@code IOTSTREAM_*} environment variable and a key of the {@code --config-file}
 * (see {@link io.iotstream.scoring.ScoringConfig}); Kafka client settings go in {@code --kafka-config}.
 * Exit codes: 0 ok (including a graceful stop on SIGTERM), 1 failure, 2 usage or configuration error (reported
 * before anything connects).
 */
@Command(name = "score",
        mixinStandardHelpOptions = true,
        versionProvider = ScoringCommand.VersionProvider.class,
        description = "The IoTStream scorer: Kafka Streams, per-device sensor state, live model swaps, alerts.",
        subcommands = {RunCommand.class, ResetCommand.class, CleanCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Settings: --<setting> flags, IOTSTREAM_<SETTING> variables, or a --config-file; see score run --help.",
            "Model store credentials and endpoint: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION,",
            "  AWS_ENDPOINT_URL_S3 (or --s3-endpoint); IOTSTREAM_TRUSTED_KEYS: trusted model-signing keys. Exit codes: 0 ok,",
            "  1 failure, 2 usage or configuration error."
        })
public final class ScoringCommand implements Callable<Integer> {

    /** Store errors are expected failures: their messages name the fix. */
    static final OneLineErrors ERRORS = new OneLineErrors(ModelStoreException.class, CommandFailure.class);

    /** Settings {@code reset} and {@code clean} use. */
    static final Set<String> MAINTENANCE_SETTINGS = Set.of("bootstrap.servers", "application.id", "input.topic",
            "frames.topic", "state.dir", ScoringConfig.KAFKA_CONFIG);

    @Spec
    CommandSpec spec;

    final Map<String, String> env;
    final Map<?, ?> properties;

    /** The command as {@link #main} runs it: the process environment and system properties. */
    public ScoringCommand() {
        this(System.getenv(), System.getProperties());
    }

    /** A command that reads its environment from {@code env} and {@code properties}, for tests. */
    public ScoringCommand(Map<String, String> env, Map<?, ?> properties) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    }

    /** Runs the command and exits with its exit code. The only place that calls {@link System#exit}. */
    public static void main(String[] args) {
        System.exit(newCommandLine(new ScoringCommand()).execute(args));
    }

    /** A command line for {@code command}: setting flags added, the one failure handler installed. */
    public static CommandLine newCommandLine(ScoringCommand command) {
        CommandLine line = new CommandLine(command).setExecutionExceptionHandler(ERRORS);
        SettingOptions.addTo(line.getSubcommands().get("run").getCommandSpec(), null);
        SettingOptions.addTo(line.getSubcommands().get("reset").getCommandSpec(), MAINTENANCE_SETTINGS);
        SettingOptions.addTo(line.getSubcommands().get("clean").getCommandSpec(), MAINTENANCE_SETTINGS);
        // The scorer resolves its layers itself (ScoringConfig.resolve, on cli-kit's SettingSources); the checks
        // (no secrets on argv, deprecated names) are everyone's.
        return CommandLines.configureChecks(line);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: give one of run, reset, clean");
    }

    /** A failure whose message is for the user (exit 1). */
    static final class CommandFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"score (IoTStream scoring-streams) " + ModuleVersion.of("iotstream-scoring-streams")};
        }
    }
}
