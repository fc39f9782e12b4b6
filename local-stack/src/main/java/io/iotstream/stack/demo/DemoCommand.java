package io.iotstream.stack.demo;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.stack.StackConfig;
import io.iotstream.stack.StackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code demo}: the whole system on the local stack, in one command. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = DemoCommand.VersionProvider.class,
        sortOptions = false,
        description = {"The whole system in one command, on the local stack: stack up, iotgen (Parquet to S3), "
                + "iottrain (holdout metrics), publish and promote, start the scorer, simulate a fleet with a few "
                + "faulty devices and show the alerts live, train and promote a second model midway (the scorer "
                + "switches without a restart), print a summary, and stop what it started.",
                "About 2-3 minutes with the defaults on 2 cores, after the first build. Exit 0 when exactly the "
                        + "faulty devices alerted and the second model showed in the alerts, 1 otherwise."})
public final class DemoCommand implements Callable<Integer> {

    /** The system property the launcher sets to itself, so that the steps run through it. */
    public static final String LAUNCHER_PROPERTY = "iotstream.launcher";

    static final OneLineErrors ERRORS = new OneLineErrors(StackException.class);

    private final Map<String, String> env;
    private final String launcher;
    private volatile DemoRun run;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "200000", description = "Training rows iotgen writes (default: "
            + "${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--sensors", defaultValue = "100", description = "Sensors per row and per device: the model's "
            + "features (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--partitions", defaultValue = "2", description = "Spark partitions of the training data "
            + "(default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--devices", defaultValue = "20", description = "Simulated devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--faulty-devices", defaultValue = "3", description = "How many of them fail (default: "
            + "${DEFAULT-VALUE}).")
    int faultyDevices;

    @Option(names = "--rate", defaultValue = "2000", description = "Events per second over all devices (default: "
            + "${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "40", description = "How long the stream runs at least; it goes on "
            + "until the second model has alerted the faulty devices (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--fault-after", paramLabel = "<seconds>", description = "When the faulty devices start to fail,"
            + " in seconds from the stream's start (default: a quarter of --seconds, at least 5).")
    Long faultAfter;

    @Option(names = "--second-engine", defaultValue = "tribuo", description = "Trainer of the second model: spark or"
            + " tribuo (default: ${DEFAULT-VALUE}; no Spark start-up, so it is live sooner).")
    String secondEngine;

    @Option(names = "--model-poll-ms", defaultValue = "1000", description = "How often the scorer re-reads the "
            + "store's live pointer, in ms (default: ${DEFAULT-VALUE}).")
    long modelPollMs;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the training data and the fleet (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep", description = "Leave the stack running afterwards, for exploring (./iotstream alerts, "
            + "./iotstream stack down).")
    boolean keep;

    /**
     * @param env the environment ({@code IOTSTREAM_HOME})
     * @param launcher the {@code ./iotstream} script, or null when not run through it
     */
    public DemoCommand(Map<String, String> env, String launcher) {
        this.env = Map.copyOf(env);
        this.launcher = launcher;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        DemoCommand command = new DemoCommand(System.getenv(), System.getProperty(LAUNCHER_PROPERTY));
        // Ctrl-C: stop the children and the stack the demo started, as a normal end would
        Runtime.getRuntime().addShutdownHook(new Thread(command::abort, "demo-stop"));
        System.exit(CommandLines.configure(new CommandLine(command).setExecutionExceptionHandler(ERRORS),
                command.env).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DemoConfig config = config();
        DemoRun r = new DemoRun(config, spec.commandLine().getOut());
        run = r;
        return r.run();
    }

    DemoConfig config() throws CliFailure {
        if (launcher == null || !Files.isExecutable(Paths.get(launcher))) {
            throw new CliFailure("the demo runs its steps through the launcher: run it as ./iotstream demo", null,
                    ExitCode.USAGE);
        }
        Duration stream = Duration.ofSeconds(seconds);
        Duration fault = faultAfter != null ? Duration.ofSeconds(faultAfter)
                : Duration.ofSeconds(Math.max(5, seconds / 4));
        Path home = StackConfig.homeFrom(env);
        return new DemoConfig(Paths.get(launcher).toAbsolutePath(), home, rows, sensors, partitions, devices,
                faultyDevices, rate, stream, fault, secondEngine, Duration.ofMillis(modelPollMs), seed, keep);
    }

    private void abort() {
        DemoRun r = run;
        if (r != null) {
            r.cleanUp();
        }
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"demo (IoTStream local-stack) " + ModuleVersion.of("iotstream-local-stack")};
        }
    }
}
