package io.iotstream.stack.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.stack.Stack;
import io.iotstream.stack.StackConfig;
import io.iotstream.stack.StackException;
import io.iotstream.stack.StackServiceKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code stack up|down|status}: the local stack on 127.0.0.1. */
@Command(name = "stack",
        mixinStandardHelpOptions = true,
        versionProvider = StackCommand.VersionProvider.class,
        description = {"The local stack on 127.0.0.1: a Kafka broker (KRaft), an S3 API server (S3Proxy) and a schema "
                + "registry with the Confluent-compatible API (Apicurio), each its own background process.",
                "State, logs and data are in IOTSTREAM_HOME (./iotstream: .iotstream/ at the repository root)."},
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class,
                StackCommand.Env.class})
public final class StackCommand implements Callable<Integer> {

    static final OneLineErrors ERRORS = new OneLineErrors(StackException.class);

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public StackCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line with its error handler, as {@code main} runs it; tests call {@code execute} on it. */
    public static CommandLine commandLine(Map<String, String> env) {
        return CommandLines.configure(new CommandLine(new StackCommand(env)).setExecutionExceptionHandler(ERRORS), env);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    Stack stack(List<String> services, Duration startTimeout) {
        return stack(services, startTimeout, 1);
    }

    Stack stack(List<String> services, Duration startTimeout, int brokers) {
        List<StackServiceKind> kinds = new ArrayList<>();
        for (String s : services) {
            kinds.add(StackServiceKind.of(s.trim()));
        }
        Path home = StackConfig.homeFrom(env);
        PrintWriter out = spec.commandLine().getOut();
        return new Stack(StackConfig.forThisJvm(home, kinds, startTimeout)
                .withSystemProperty(StackServiceKind.BROKERS_PROPERTY, String.valueOf(brokers)), out);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Starts the services that are not running, waits until each answers, and prints the "
                    + "endpoints (also in stack.properties). Running services are left alone.")
    static final class Up implements Callable<Integer> {

        @CommandLine.ParentCommand
        StackCommand parent;

        @Option(names = "--services", split = ",", defaultValue = "kafka,s3,registry",
                description = "Services to start, comma-separated (default: ${DEFAULT-VALUE}).")
        List<String> services;

        @Option(names = "--start-timeout", defaultValue = "180",
                description = "Seconds to wait for each service to answer (default: ${DEFAULT-VALUE}).")
        long startTimeoutSeconds;

        @Option(names = "--brokers", defaultValue = "1", paramLabel = "<n>",
                description = "Kafka nodes (default: ${DEFAULT-VALUE}). 3 runs a cluster as production does: KRaft "
                        + "nodes that are broker and controller at once, internal topics with replication 3, and "
                        + "topics create gives replication 3 and min.insync.replicas 2. A running Kafka is left as "
                        + "it is: stack down first to change it.")
        int brokers;

        @Override
        public Integer call() {
            if (brokers < 1 || brokers > 5) {
                throw new CommandLine.ParameterException(parent.spec.commandLine().getSubcommands().get("up"),
                        "--brokers must be 1 to 5, not " + brokers);
            }
            parent.stack(services, Duration.ofSeconds(startTimeoutSeconds), brokers).up();
            return ExitCode.OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops exactly the service processes `up` started (by PID) and waits until they are gone.")
    static final class Down implements Callable<Integer> {

        @CommandLine.ParentCommand
        StackCommand parent;

        @Override
        public Integer call() {
            parent.stack(List.of("kafka", "s3", "registry"), StackConfig.DEFAULT_START_TIMEOUT).down();
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Prints each service's state and the endpoints. Exit 0 when all run, 1 otherwise.")
    static final class Status implements Callable<Integer> {

        @CommandLine.ParentCommand
        StackCommand parent;

        @Override
        public Integer call() {
            return parent.stack(List.of("kafka", "s3", "registry"), StackConfig.DEFAULT_START_TIMEOUT).status()
                    ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    @Command(name = "env", mixinStandardHelpOptions = true,
            description = {"Prints the stack's endpoints and S3 credentials as shell exports, so that every command "
                    + "finds the stack without flags: eval \"$(./iotstream stack env)\".",
                    "Exit 1 when the stack is not up."})
    static final class Env implements Callable<Integer> {

        @CommandLine.ParentCommand
        StackCommand parent;

        @Override
        public Integer call() throws CliFailure {
            Path home = StackConfig.homeFrom(parent.env);
            Map<String, String> env = LocalStackState.read(home).environment();
            if (env.isEmpty()) {
                throw new CliFailure("no local stack is up in " + home + ": run ./iotstream stack up");
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            // Single quotes: nothing in a value is expanded by the shell that evals it.
            env.forEach((name, value) -> out.println("export " + name + "='" + value.replace("'", "'\\''") + "'"));
            out.flush();
            return ExitCode.OK;
        }
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"stack (IoTStream local-stack) " + ModuleVersion.of("iotstream-local-stack")};
        }
    }
}
