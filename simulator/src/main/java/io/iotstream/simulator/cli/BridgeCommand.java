package io.iotstream.simulator.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.simulator.Fleet;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.bridge.Bridge;
import io.iotstream.simulator.bridge.BridgeConfig;
import io.iotstream.simulator.bridge.BridgeSummary;
import io.iotstream.simulator.sink.EventSink;
import io.iotstream.simulator.sink.KafkaSink;
import io.iotstream.simulator.sink.ProducerDefaults;
import io.iotstream.simulator.sink.SinkException;
import io.iotstream.simulator.source.LineSource;
import io.iotstream.simulator.source.ReadingSource;
import io.iotstream.simulator.source.SourceException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code bridge} command: the original benchmark's CSV event lines, from stdin, a file or a TCP server (the
 * way Spark's socket source reads them), to Kafka as {@code SensorReading}s of one device.
 *
 * <p>Exit codes: 0 when the input ended or its end marker came (malformed lines do not change it), 1 failure
 * (Kafka, the registry or the source unreachable), 2 usage or configuration error.
 */
@Command(name = "bridge",
        mixinStandardHelpOptions = true,
        versionProvider = Commands.VersionProvider.class,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Publish the IoT Analytics Benchmark's sensor event lines (time,sensor,Sensor n,value) to Kafka as",
            "SensorReading records of one device. A negative sensor number ends the stream. Malformed lines are",
            "counted and reported with their line number (to --dead-letter-topic, or stderr) and never stop it."
        },
        footerHeading = "%n",
        footer = {
            "Example, the original simulator feeding IoTStream:",
            "  python sim_sensors_lr.py 100 1000 60000 | nc -lk 20000",
            "  bridge --connect 127.0.0.1:20000 --device plant-1 --bootstrap-servers 127.0.0.1:9092 \\",
            "      --schema-registry-url http://127.0.0.1:8080/apis/ccompat/v7",
            "",
            "Every option --foo-bar can also be set by the environment variable IOTSTREAM_FOO_BAR.",
            "Exit codes: 0 ok, 1 failure, 2 usage or configuration error, 4 the topic is missing (the message gives "
                    + "the topics create command), 5 Kafka did not answer within max.block.ms. See docs/simulator.md."
        })
public final class BridgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "<id>",
            description = "Device id of every reading (the original stream has none); the Kafka record key.")
    String device;

    @Option(names = "--connect", paramLabel = "<host:port>",
            description = "Read from this TCP server (e.g. nc -lk, simulate --sink tcp) instead of stdin.")
    String connect;

    @Option(names = "--connect-timeout", paramLabel = "<duration>", defaultValue = "10s",
            converter = Converters.DurationConverter.class,
            description = "How long to try to connect (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--input", paramLabel = "<file>", description = "Read this file instead of stdin.")
    Path input;

    @Option(names = "--topic", paramLabel = "<topic>", defaultValue = BridgeConfig.DEFAULT_TOPIC,
            description = "Kafka topic for the readings (default: ${DEFAULT-VALUE}).")
    String topic;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--dead-letter-topic", paramLabel = "<topic>",
            description = "Kafka topic for malformed lines (value: the line; headers iotstream.dlq.*); default: "
                    + "report them on stderr.")
    String deadLetterTopic;

    @Option(names = "--sensors", paramLabel = "<n>", defaultValue = "0",
            description = "Sensor numbers above n are malformed (default: no limit).")
    int sensors;

    @Option(names = "--end-marker",
            description = "Publish the end-of-stream reading (sensor -1) when the stream ends with one.")
    boolean endMarker;

    @Option(names = "--progress-interval", paramLabel = "<duration>",
            converter = Converters.DurationConverter.class, defaultValue = "1s",
            description = "How often to report progress, 0s for never (default: ${DEFAULT-VALUE}).")
    Duration progressInterval;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final InstantSource wall;
    private final StopSignal stop = new StopSignal();
    private boolean stopOnShutdown;
    private volatile ReadingSource source; // closed by the shutdown hook's thread

    /** The command as {@link #main} runs it: the process environment, standard input, the system clock. */
    public BridgeCommand() {
        this(System.getenv(), new FileInputStream(FileDescriptor.in), InstantSource.system());
    }

    /** A command with its environment, standard input and clock given, for tests. */
    public BridgeCommand(Map<String, String> env, InputStream stdin, InstantSource wall) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.wall = Objects.requireNonNull(wall, "wall");
    }

    /** Runs the command and exits with its exit code. The only place that calls {@link System#exit}. */
    public static void main(String[] args) {
        Commands.quietLibraryLogging();
        BridgeCommand command = new BridgeCommand();
        command.stopOnShutdown = true;
        System.exit(newCommandLine(command).execute(args));
    }

    /** A command line with the environment defaults and the one failure handler installed. */
    public static CommandLine newCommandLine(BridgeCommand command) {
        return Commands.commandLine(command, command.env);
    }

    @Override
    public Integer call() throws Exception {
        BridgeConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Commands.requireTopic(spec, out, config.kafka(), config.topic(), false);
        EventSink sink = new KafkaSink(config.kafka(), config.topic(), Fleet.of(config.device()), false);
        ReadingSource source = source(config);
        this.source = source;
        GracefulShutdown shutdown = stopOnShutdown
                ? GracefulShutdown.install("bridge-shutdown", this::stopReading) : GracefulShutdown.NONE;
        try {
            sink.open();
            say(out, "reading " + source.name() + " -> " + sink.describe() + " as device " + config.device());
            BridgeSummary summary = new Bridge(config, sink, err, spec.qualifiedName() + ": ", stop, out, wall)
                    .run(source);
            say(out, summary.describe());
            return ExitCode.OK;
        } catch (SinkException e) {
            sink.close();
            throw new CliFailure(e.getMessage(), e);
        } catch (SourceException e) {
            throw new CliFailure(e.getMessage(), e);
        } finally {
            shutdown.finished();
        }
    }

    private ReadingSource source(BridgeConfig config) {
        if (config.connectHost() != null) {
            return LineSource.tcp(config.connectHost(), config.connectPort(), config.connectTimeout(),
                    config.maxLineBytes());
        }
        if (config.input() != null) {
            return LineSource.file(config.input(), config.maxLineBytes());
        }
        return LineSource.stdin(stdin, config.maxLineBytes());
    }

    private void stopReading() {
        stop.request();
        ReadingSource s = source;
        if (s != null) {
            try {
                s.close(); // a source that waits for input (TCP) would not see the stop request otherwise
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    BridgeConfig config() {
        try {
            String host = null;
            int port = 0;
            if (connect != null) {
                int colon = connect.lastIndexOf(':');
                if (colon <= 0 || colon == connect.length() - 1) {
                    throw new IllegalArgumentException("--connect '" + connect + "' is not host:port");
                }
                host = connect.substring(0, colon);
                try {
                    port = Integer.parseInt(connect.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--connect '" + connect + "' has no port number: use host:port");
                }
            }
            return new BridgeConfig(device, topic, kafka.settings(ProducerDefaults.settings(), env), host, port,
                    connectTimeout, input, deadLetterTopic, endMarker, sensors, BridgeConfig.DEFAULT_MAX_LINE_BYTES,
                    progressInterval);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void say(PrintWriter log, String message) {
        Commands.say(spec, log, message);
    }
}
