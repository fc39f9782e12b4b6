package io.iotstream.tools.model;

import io.iotstream.cli.CommandUser;
import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.sign.TrustedKeys;
import io.iotstream.model.store.ModelStoreException;
import io.iotstream.model.store.StoreOptions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code model} command: inspect and verify model artifacts, publish them to a store, list, promote and roll
 * back versions, show the audit trail of promotion decisions.
 *
 * <p>Exit codes: 0 ok, 1 failure (invalid model, version exists, not found, store errors), 2 usage or
 * configuration error. Failures print one line on stderr that names the fix; usage errors also print the usage.
 *
 * <p>Store settings come from the environment ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_REGION},
 * {@code IOTSTREAM_S3_PATH_STYLE}...; see {@link io.iotstream.model.store.StoreSetting}) with the flags of
 * {@link StoreFlags} on top. Tests pass the environment in through {@link #ModelCommand(Map, Map)}.
 */
@Command(name = "model",
        mixinStandardHelpOptions = true,
        versionProvider = ModelCommand.VersionProvider.class,
        description = "Inspect, verify, sign, publish, list, promote and roll back IoTStream models, and show their "
                + "audit trail.",
        subcommands = {
            InspectCommand.class,
            VerifyCommand.class,
            ListCommand.class,
            PublishCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            AuditCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nStores:%n",
        footer = {
            "  file:///srv/models, or a plain path   a folder",
            "  s3://bucket/prefix                    S3 or S3-compatible (--s3-endpoint)",
            "",
            "Environment: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_REGION,",
            "  IOTSTREAM_S3_PATH_STYLE, IOTSTREAM_TRUSTED_KEYS; credentials from the",
            "  AWS default chain.",
            "Exit codes: 0 ok, 1 failure, 2 usage or configuration error.",
            "See docs/model-store.md."
        })
public final class ModelCommand implements Callable<Integer> {

    /** Invalid models and store errors are expected failures: their messages name the fix. */
    static final OneLineErrors ERRORS = new OneLineErrors(ModelStoreException.class, InvalidModelException.class);

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Map<?, ?> properties;

    /** The command as {@link #main} runs it: the process environment and system properties. */
    public ModelCommand() {
        this(System.getenv(), System.getProperties());
    }

    /**
     * A command that reads store settings from {@code env} and {@code properties} instead of the process's.
     *
     * @param env environment variables
     * @param properties system properties
     */
    public ModelCommand(Map<String, String> env, Map<?, ?> properties) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    }

    /** Runs the command and exits with its exit code. The only place that calls {@link System#exit}. */
    public static void main(String[] args) {
        // Command output is the point; library logging (slf4j-simple on the classpath) only for warnings, on stderr.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(newCommandLine(new ModelCommand()).execute(args));
    }

    /** A command line for {@code command} with the one failure handler installed (also for unexpected errors). */
    public static CommandLine newCommandLine(ModelCommand command) {
        return CommandLines.configure(new CommandLine(command).setExecutionExceptionHandler(ERRORS), command.env);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: give one of inspect, verify, list, publish, promote, rollback, audit, keygen, "
                        + "sign");
    }

    /** Store options: the environment's, then the flags. */
    StoreOptions storeOptions(StoreFlags flags) {
        return flags.applyTo(StoreOptions.fromEnvironment(env, properties));
    }

    /** The trusted keys from a flag, else from the environment's {@code IOTSTREAM_TRUSTED_KEYS}, if any. */
    Optional<TrustedKeys> trustedKeys(String flag) {
        StoreOptions options = flag != null
                ? StoreOptions.defaults().withTrustedKeys(flag, "--trusted-keys")
                : StoreOptions.fromEnvironment(env, properties);
        return options.trustedKeys();
    }

    /** The environment the command reads its settings from. */
    Map<String, String> env() {
        return env;
    }

    /** Who runs the command, for promote/rollback records: {@code user.name}, else {@code USER}. */
    String user() {
        return CommandUser.of(env, properties);
    }

    /** --version: the module's version from the jar. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"model (IoTStream tools) " + ModuleVersion.of("iotstream-tools")};
        }
    }
}
