package io.iotstream.simulator.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.simulator.Fleet;
import io.iotstream.simulator.SimulateConfig;
import io.iotstream.simulator.Simulation;
import io.iotstream.simulator.SinkKind;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.Summary;
import io.iotstream.simulator.Ticker;
import io.iotstream.simulator.sink.EventSink;
import io.iotstream.simulator.sink.KafkaSink;
import io.iotstream.simulator.sink.ProducerDefaults;
import io.iotstream.simulator.sink.SinkException;
import io.iotstream.simulator.sink.StreamSink;
import io.iotstream.simulator.sink.TcpSink;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code simulate} command: sensor events of a fleet of devices, paced like the original benchmark's
 * {@code sim_sensors_lr.py} (or as fast as possible), to Kafka, to TCP clients or to standard output; optionally
 * whole labelled vectors, an end marker, and devices that fail at a known time.
 *
 * <p>Exit codes: 0 ok, 1 failure (Kafka or the registry unreachable, a sink that stops accepting), 2 usage or
 * configuration error (with the usage). Every option {@code --foo-bar} can also be set as
 * {@code IOTSTREAM_FOO_BAR}.
 */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = Commands.VersionProvider.class,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Simulate sensor events of a fleet of devices, like the IoT Analytics Benchmark's sim_sensors_lr.py,",
            "to Kafka (Avro SensorReading/SensorFrame), to TCP clients or to stdout (the original's CSV lines)."
        },
        footerHeading = "%n",
        footer = {
            "Examples:",
            "  simulate --sensors 100 --rate 1000 --events 60000 --sink tcp --port 20000 --end-marker",
            "  simulate --sink kafka --bootstrap-servers 127.0.0.1:9092 \\",
            "      --schema-registry-url http://127.0.0.1:8080/apis/ccompat/v7 --devices 1000 --rate max --duration 1m",
            "  simulate --sink kafka ... --devices 50 --faulty-devices 3 --fault-after 30s --ground-truth truth.json",
            "",
            "Every option --foo-bar can also be set by the environment variable IOTSTREAM_FOO_BAR.",
            "Exit codes: 0 ok, 1 failure, 2 usage or configuration error, 4 the topic is missing (the message gives "
                    + "the topics create command), 5 Kafka did not answer within max.block.ms. See docs/simulator.md."
        })
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sensors", paramLabel = "<n>", defaultValue = "100",
            description = "Sensors per device, numbered 1..n (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--rate", paramLabel = "<events/s|max>", defaultValue = "1000",
            converter = Converters.RateConverter.class,
            description = "Average events per second over all devices, with lognormal gaps (sd half the mean); "
                    + "max: as fast as the sink takes them (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--events", paramLabel = "<n>", description = "Stop after this many events.")
    Long events;

    @Option(names = "--duration", paramLabel = "<duration>", converter = Converters.DurationConverter.class,
            description = "Stop after this long, e.g. 30s, 5m. Without --events or --duration: until Ctrl-C.")
    Duration duration;

    @Option(names = "--devices", paramLabel = "<n>", defaultValue = "1",
            description = "Devices, taking turns; each device id is the Kafka record key (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--device-prefix", paramLabel = "<text>", defaultValue = "device-",
            description = "Device ids are this and a 5-digit number (default: ${DEFAULT-VALUE}).")
    String devicePrefix;

    @Option(names = "--seed", paramLabel = "<n>",
            description = "Seed of every random stream; the same seed sends the same values (default: random, "
                    + "printed).")
    Long seed;

    @Option(names = "--sink", paramLabel = "<kafka|tcp|stdout>", defaultValue = "stdout",
            converter = Converters.SinkConverter.class,
            description = "Where events go (default: ${DEFAULT-VALUE}).")
    SinkKind sink;

    @Option(names = "--topic", paramLabel = "<topic>",
            description = "Kafka topic (default: " + SimulateConfig.DEFAULT_READINGS_TOPIC + ", with --frames "
                    + SimulateConfig.DEFAULT_FRAMES_TOPIC + ").")
    String topic;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "TCP sink: address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "20000",
            description = "TCP sink: port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--end-marker",
            description = "End with the original's end-of-stream event (sensor -1), once per device on Kafka.")
    boolean endMarker;

    @Option(names = "--frames",
            description = "Send whole vectors (SensorFrame) instead of single readings; Kafka only.")
    boolean frames;

    @Option(names = "--labels", description = "With --frames: label each frame by the failure rule.")
    boolean labels;

    @ArgGroup(exclusive = true)
    RuleOptions ruleOptions;

    @Option(names = "--faulty-devices", paramLabel = "<k>",
            description = "Known answers: k devices drift into the failure region, all others stay clearly "
                    + "healthy; needs --ground-truth.")
    Integer faultyDevices;

    @Option(names = "--fault-after", paramLabel = "<duration>", converter = Converters.DurationConverter.class,
            description = "When the faulty devices start to drift, from the start of the run.")
    Duration faultAfter;

    @Option(names = "--fault-after-events", paramLabel = "<n>",
            description = "Or: start the drift at the n-th event (counting all devices from 0).")
    Long faultAfterEvents;

    @Option(names = "--fault-drift", paramLabel = "<duration>", converter = Converters.DurationConverter.class,
            defaultValue = "0s",
            description = "How long the drift from healthy to failing values takes (default: ${DEFAULT-VALUE}, a "
                    + "step).")
    Duration faultDrift;

    @Option(names = "--ground-truth", paramLabel = "<file>",
            description = "JSON file for the known answers: faulty devices, and from which event they fail.")
    Path groundTruth;

    @Option(names = "--progress-interval", paramLabel = "<duration>",
            converter = Converters.DurationConverter.class, defaultValue = "1s",
            description = "How often to report progress, 0s for never (default: ${DEFAULT-VALUE}).")
    Duration progressInterval;

    /** --cutoff or --ones-percent: the failure rule for labels and for the fault plan's value ranges. */
    static final class RuleOptions {
        @Option(names = "--cutoff", paramLabel = "<score>",
                description = "Failure rule cutoff: label 1 when sum(s * value_s) > cutoff (default: n(n+1)/4, "
                        + "about 50%% ones).")
        Double cutoff;

        @Option(names = "--ones-percent", paramLabel = "<percent>",
                description = "Or: the cutoff that labels this share of uniform vectors 1.")
        Double onesPercent;
    }

    private final Map<String, String> env;
    private final OutputStream data;
    private final Ticker ticker;
    private final InstantSource wall;
    private final StopSignal stop = new StopSignal();
    private boolean stopOnShutdown;

    /** The command as {@link #main} runs it: the process environment, standard output, the system clocks. */
    public SimulateCommand() {
        this(System.getenv(), new FileOutputStream(FileDescriptor.out), Ticker.system(), InstantSource.system());
    }

    /**
     * A command with its environment, data stream and clocks given, for tests.
     *
     * @param env environment variables ({@code IOTSTREAM_*} settings)
     * @param data where {@code --sink stdout} writes event lines
     */
    public SimulateCommand(Map<String, String> env, OutputStream data, Ticker ticker, InstantSource wall) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.data = Objects.requireNonNull(data, "data");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.wall = Objects.requireNonNull(wall, "wall");
    }

    /** Runs the command and exits with its exit code. The only place that calls {@link System#exit}. */
    public static void main(String[] args) {
        Commands.quietLibraryLogging();
        SimulateCommand command = new SimulateCommand();
        command.stopOnShutdown = true;
        System.exit(newCommandLine(command).execute(args));
    }

    /** A command line with the environment defaults and the one failure handler installed. */
    public static CommandLine newCommandLine(SimulateCommand command) {
        return Commands.commandLine(command, command.env);
    }

    /** Asks a running simulation to stop as after Ctrl-C (summary, end marker, known answers still written). */
    public void requestStop() {
        stop.request();
    }

    @Override
    public Integer call() throws Exception {
        SimulateConfig config = config();
        PrintWriter log = config.sink() == SinkKind.STDOUT ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Fleet fleet = new Fleet(config.devices(), config.devicePrefix());
        if (config.sink() == SinkKind.KAFKA) {
            Commands.requireTopic(spec, log, config.kafka(), config.topic(), config.frames());
        }
        EventSink eventSink = switch (config.sink()) {
            case KAFKA -> new KafkaSink(config.kafka(), config.topic(), fleet, config.frames());
            case TCP -> new TcpSink(config.bindAddress(), config.port(), message -> say(log, message), stop::requested);
            case STDOUT -> new StreamSink(data, "standard output");
        };
        say(log, describe(config) + " -> " + eventSink.describe());
        Simulation simulation = new Simulation(config, fleet, eventSink, ticker, wall, stop, log);
        GracefulShutdown shutdown = stopOnShutdown
                ? GracefulShutdown.install("simulate-shutdown", stop::request) : GracefulShutdown.NONE;
        try {
            Summary summary = simulation.run();
            say(log, summary.describe());
            if (config.knownAnswers()) {
                say(log, "known answers (" + config.faultyDevices() + " faulty devices) in " + config.groundTruth());
            }
            return ExitCode.OK;
        } catch (SinkException e) {
            throw new CliFailure(e.getMessage(), e);
        } finally {
            shutdown.finished();
        }
    }

    /** The validated configuration; a bad combination of flags is a usage error (exit 2, with the usage). */
    SimulateConfig config() {
        try {
            FailureRule rule = null;
            if (ruleOptions != null && ruleOptions.cutoff != null) {
                rule = FailureRule.withCutoff(sensors, ruleOptions.cutoff);
            } else if (ruleOptions != null && ruleOptions.onesPercent != null) {
                rule = FailureRule.forOnesPercent(sensors, ruleOptions.onesPercent);
            }
            Map<String, Object> kafkaSettings = sink == SinkKind.KAFKA
                    ? kafka.settings(ProducerDefaults.settings(), env) : Map.of();
            return SimulateConfig.builder()
                    .sensors(sensors)
                    .rate(rate)
                    .events(events)
                    .duration(duration)
                    .devices(devices)
                    .devicePrefix(devicePrefix)
                    .seed(seed != null ? seed : ThreadLocalRandom.current().nextLong())
                    .sink(sink)
                    .topic(topic)
                    .kafka(kafkaSettings)
                    .bindAddress(bind)
                    .port(port)
                    .endMarker(endMarker)
                    .frames(frames)
                    .labels(labels)
                    .rule(rule)
                    .faultyDevices(faultyDevices)
                    .faultAfter(faultAfter)
                    .faultAfterEvents(faultAfterEvents)
                    .faultDrift(faultDrift)
                    .groundTruth(groundTruth)
                    .progressInterval(progressInterval)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String describe(SimulateConfig config) {
        StringBuilder line = new StringBuilder();
        line.append(config.devices()).append(config.devices() == 1 ? " device" : " devices").append(" x ")
                .append(config.sensors()).append(" sensors, ")
                .append(config.frames() ? (config.labels() ? "labelled frames" : "frames") : "readings").append(", ")
                .append(config.maxRate() ? "rate max" : String.format(Locale.ROOT, "%s events/s",
                        stripZeros(config.rate())));
        if (config.events() != null) {
            line.append(", ").append(config.events()).append(" events");
        }
        if (config.duration() != null) {
            line.append(", for ").append(config.duration());
        }
        line.append(", seed ").append(config.seed());
        if (config.knownAnswers()) {
            line.append(", ").append(config.faultyDevices()).append(" faulty after ")
                    .append(config.faultAfter() != null ? config.faultAfter().toString()
                            : config.faultAfterEvents() == null ? "never" : config.faultAfterEvents() + " events");
        }
        return line.toString();
    }

    private static String stripZeros(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private void say(PrintWriter log, String message) {
        Commands.say(spec, log, message);
    }
}
