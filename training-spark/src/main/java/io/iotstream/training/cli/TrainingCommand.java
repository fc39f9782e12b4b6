package io.iotstream.training.cli;

import io.iotstream.cli.CommandUser;
import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.flags.S3Flags;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.store.ModelStoreException;
import io.iotstream.model.store.StoreOptions;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The batch half of IoTStream: {@code gen} (the original benchmark's {@code iotgen}) writes labelled synthetic
 * sensor data, {@code train} ({@code iottrain}) fits a logistic regression on it and exports, publishes and
 * promotes the model artifact.
 *
 * <p>Runs under {@code spark-submit --class io.iotstream.training.cli.TrainingCommand} on any cluster, or locally
 * with plain {@code java} ({@code bin/iotstream-training}). Exit codes: 0 ok, 1 failure, 2 usage, configuration or
 * bad input, 3 ({@code train --promote-if}, {@code retrain}) published but not promoted because the gate refused.
 *
 * <p>Settings come from flags and the environment ({@code IOTSTREAM_SPARK_MASTER}, {@code IOTSTREAM_GIT_SHA}, the
 * S3 variables of {@link io.iotstream.model.store.StoreSetting}); tests pass both in through the constructor.
 */
@Command(name = "iotstream-training",
        mixinStandardHelpOptions = true,
        versionProvider = TrainingCommand.VersionProvider.class,
        description = "Generate labelled sensor data (gen), train, export and publish the failure model (train), and "
                + "retrain and promote it through a gate (retrain).",
        subcommands = {GenCommand.class, TrainCommand.class, RetrainCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {
            "Storage: paths or file://, hdfs://, s3a:// URIs. S3: --s3-endpoint,",
            "  --s3-path-style, --region, or AWS_ENDPOINT_URL_S3, IOTSTREAM_S3_PATH_STYLE,",
            "  AWS_REGION; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or",
            "  the AWS default chain, never from flags.",
            "Spark master: spark-submit's, else --master or IOTSTREAM_SPARK_MASTER,",
            "  else local[*].",
            "Exit codes: 0 ok, 1 failure, 2 usage, configuration or bad input,",
            "  3 published but the promotion gate refused (train --promote-if, retrain).",
            "See docs/training.md."
        })
public final class TrainingCommand implements Callable<Integer> {

    /** Store and model errors are expected failures: their messages name the fix. */
    static final OneLineErrors ERRORS = new OneLineErrors(ModelStoreException.class, InvalidModelException.class);

    /** Environment variable for the Spark master when {@code --master} is not given. */
    public static final String MASTER_ENV = "IOTSTREAM_SPARK_MASTER";
    /** Environment variable (or system property {@code iotstream.git.sha}) for the trainer's commit. */
    public static final String GIT_SHA_ENV = "IOTSTREAM_GIT_SHA";

    /** Tribuo logs a few INFO lines per training through java.util.logging; held here, as JUL keeps loggers weakly. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Map<?, ?> properties;
    private final SessionProvider sessions;
    private final Clock clock;

    /** The command as {@link #main} runs it. */
    public TrainingCommand() {
        this(System.getenv(), System.getProperties(), SparkSessions.provider(), Clock.systemUTC());
    }

    /**
     * A command with the given environment, system properties, Spark sessions and clock (for tests).
     */
    public TrainingCommand(Map<String, String> env, Map<?, ?> properties, SessionProvider sessions, Clock clock) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs the command, stops Spark, and exits with the command's exit code: the only {@link System#exit}. */
    public static void main(String[] args) {
        // Outside spark-submit (which passes spark.master), keep Spark's INFO chatter off the console: the command
        // prints its own progress. Must happen before anything touches Log4j.
        if (System.getProperty("spark.master") == null && System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "iotstream-training-log4j2.properties");
            TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        TrainingCommand command = new TrainingCommand();
        int code;
        try {
            code = newCommandLine(command).execute(args);
        } finally {
            command.sessions.close();
        }
        System.exit(code);
    }

    /** A command line with the one failure handler installed. */
    public static CommandLine newCommandLine(TrainingCommand command) {
        return CommandLines.configure(new CommandLine(command).setExecutionExceptionHandler(ERRORS), command.env);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: give gen, train or retrain");
    }

    Map<String, String> env() {
        return env;
    }

    SessionProvider sessions() {
        return sessions;
    }

    Clock clock() {
        return clock;
    }

    /** S3 settings: the environment's, then the flags. */
    StoreOptions storeOptions(S3Flags flags) {
        return flags.applyTo(StoreOptions.fromEnvironment(env, properties).withClock(clock));
    }

    /** The Spark master: the flag, else {@value #MASTER_ENV}, else null (spark-submit's or local[*]). */
    String master(String flag) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String fromEnv = env.get(MASTER_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
    }

    /** The trainer's commit: the flag, else system property {@code iotstream.git.sha}, else {@value #GIT_SHA_ENV}. */
    String gitSha(String flag) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        Object p = properties.get("iotstream.git.sha");
        if (p instanceof String s && !s.isBlank()) {
            return s;
        }
        String e = env.get(GIT_SHA_ENV);
        return e == null || e.isBlank() ? null : e;
    }

    /** Who promotes: {@code user.name}, else {@code USER}. */
    String user() {
        return CommandUser.of(env, properties);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"iotstream-training " + ModuleVersion.of("iotstream-training-spark")};
        }
    }
}
