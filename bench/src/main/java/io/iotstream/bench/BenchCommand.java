package io.iotstream.bench;

import io.iotstream.bench.BenchSettings.Part;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.flags.KafkaFlags;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.cli.settings.SettingNames;
import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.schemas.kafka.KafkaClientProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./iotstream bench}: preloads N readings into a broker and measures, in one run, the ceilings, the scorer,
 * the Spark and PMML peers, latency at a fixed offered rate, and the batch tools; prints a table, writes
 * {@code <output>/<time>.json} and {@code <output>/<time>.png}. A part that fails is reported and the rest still
 * runs; the exit code is then 1.
 */
@Command(name = "iotstream bench", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = BenchCommand.Version.class,
        description = {"IoTStream beside its ceilings and its peers, measured in one run on the same records.",
            "Default: 10,000,000 readings (10,000 devices x 100 sensors); --quick: a small run (< 3 minutes) that "
                    + "checks the harness. See docs/BENCHMARKS.md."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "Small sizes everywhere (200,000 events, 1,000 devices, tiny peers).")
    private boolean quick;

    @Option(names = "--events", paramLabel = "<n>", description = "Readings preloaded (default 10,000,000).")
    private Long events;

    @Option(names = "--devices", paramLabel = "<n>", description = "Devices (default 10,000).")
    private Integer devices;

    @Option(names = "--sensors", paramLabel = "<n>", description = "Sensors per device (default 100).")
    private Integer sensors;

    @Option(names = "--partitions", paramLabel = "<n>", defaultValue = "4",
            description = "Input partitions (default ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--guarantee", paramLabel = "<exactly_once_v2|at_least_once>", defaultValue = "exactly_once_v2",
            description = "Processing guarantee of every Streams app (default ${DEFAULT-VALUE}).")
    private String guarantee;

    @Option(names = "--latency-rate", paramLabel = "<events/s>",
            description = "Rate the simulator offers in the latency row (default 100,000).")
    private Integer latencyRate;

    @Option(names = "--latency-seconds", paramLabel = "<s>",
            description = "How long, timed, after the warm-up (default 20).")
    private Integer latencySeconds;

    @Option(names = "--latency-warm-up-seconds", paramLabel = "<s>",
            description = "How long the simulator offers that rate first, untimed, to the scorer and to Spark alike: "
                    + "a cold JVM's catch-up is reported apart from the steady state (default 20, --quick 2).")
    private Integer latencyWarmUpSeconds;

    @Option(names = "--latency-commit-interval-ms", paramLabel = "<ms>", defaultValue = "100",
            description = "The scorer's commit interval in the latency row (default ${DEFAULT-VALUE}).")
    private long latencyCommitMs;

    @Option(names = "--spark-batch", paramLabel = "<n>",
            description = "Records per Spark micro-batch (default 1,000,000).")
    private Long sparkBatch;

    @Option(names = "--batch-rows", paramLabel = "<n>", description = "iotgen/iottrain rows (default 1,000,000).")
    private Long batchRows;

    @Option(names = "--batch-sensors", paramLabel = "<n>", description = "iotgen/iottrain sensors (default 100).")
    private Integer batchSensors;

    @Option(names = "--rounds", paramLabel = "<n>", defaultValue = "1",
            description = "Runs of the throughput parts (ceilings, scorer, peers), one after the other in the same "
                    + "order each round; each row then shows the median and every round, and the headline ratios are "
                    + "medians of the ratios within each round (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--settle-seconds", paramLabel = "<s>",
            description = "Before each round, wait up to this long for a quiet machine (system CPU < 15%%, and on "
                    + "Linux < 32 MB of dirty pages: the preload written out); 0 does not wait (default 60, --quick "
                    + "5).")
    private Integer settleSeconds;

    @Option(names = "--skip", split = ",", paramLabel = "<part>",
            description = "Parts to leave out: ${COMPLETION-CANDIDATES}.")
    private Set<Part> skip = EnumSet.noneOf(Part.class);

    /**
     * The broker (default: bootstrap.servers of the Kafka client settings, else the local stack's if up, else one
     * started for the run) and the client settings of every client of the run (admin, producers, consumers, Streams
     * apps, the Spark peer).
     */
    @Mixin
    private KafkaFlags kafka;

    @Option(names = "--output", paramLabel = "<dir>", description = "Where the JSON and PNG go (default "
            + "<repository>/bench/results).")
    private Path output;

    @Option(names = "--repo-root", paramLabel = "<dir>", description = "The repository, where bench-spark and "
            + "training-spark are built (default: found from the working folder).")
    private Path repoRoot;

    @Option(names = "--child-heap", paramLabel = "<size>", description = "-Xmx of the Spark, iotgen and iottrain "
            + "JVMs (default 6g, --quick 1g).")
    private String childHeap;

    /** The environment variable of {@code --kafka-config}, as every command names it. */
    static final String KAFKA_CONFIG_ENV = SettingNames.envName("--kafka-config");

    private final Map<String, String> env;

    public BenchCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // Kafka Streams and the clients log every start at INFO; the bench's own progress goes to stderr.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command as main runs it, for tests. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new BenchCommand(env)).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new OneLineErrors());
        return CommandLines.configure(cl, env);
    }

    BenchSettings settings() {
        Path root = repoRoot != null ? repoRoot.toAbsolutePath().normalize() : findRoot();
        Path stackHome = LocalStackState.homeFrom(env, root.resolve(".iotstream"));
        Map<String, String> clients = kafkaSettings();
        // bootstrap.servers of the file or -X names the broker like --bootstrap-servers; the flag wins.
        String kafkaServers = clients.remove(BenchSettings.BOOTSTRAP_SERVERS);
        String servers = kafka.bootstrapServers()
                .orElse(kafkaServers != null && !kafkaServers.isBlank() ? kafkaServers : null);
        return new BenchSettings(
                or(events, quick ? 200_000L : 10_000_000L),
                or(devices, quick ? 1_000 : 10_000),
                or(sensors, 100),
                partitions, guarantee.toLowerCase(Locale.ROOT),
                or(latencyRate, quick ? 20_000 : 100_000),
                or(latencySeconds, quick ? 5 : 20),
                or(latencyWarmUpSeconds, quick ? 2 : 20),
                latencyCommitMs,
                or(sparkBatch, quick ? 50_000L : 1_000_000L),
                or(batchRows, quick ? 20_000L : 1_000_000L),
                or(batchSensors, quick ? 20 : 100),
                skip, output != null ? output : root.resolve("bench").resolve("results"), root, servers,
                stackHome, childHeap != null ? childHeap : quick ? "1g" : "6g", clients);
    }

    /**
     * {@code --kafka-config} (or {@code IOTSTREAM_KAFKA_CONFIG}), then {@code IOTSTREAM_KAFKA_PROPERTY_*}, then
     * {@code -X}, merged once (schemas' {@link KafkaClientProperties}).
     *
     * @throws IllegalArgumentException naming the file or the override that cannot be used
     */
    private Map<String, String> kafkaSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            KafkaClientProperties.merge(Map.of(), kafka.kafkaConfig().orElse(null), env, kafka.overrides())
                    .forEach((key, value) -> settings.put(key, String.valueOf(value)));
        } catch (IllegalArgumentException e) {
            String fromEnv = env.get(KAFKA_CONFIG_ENV);
            boolean viaEnv = fromEnv != null && kafka.kafkaConfig().map(f -> f.toString().equals(fromEnv.strip()))
                    .orElse(false);
            throw new IllegalArgumentException(e.getMessage() + (viaEnv ? " (" + KAFKA_CONFIG_ENV + ")" : ""), e);
        }
        return settings;
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    private static Path findRoot() {
        String property = System.getProperty("iotstream.root");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("bench-spark")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalArgumentException("cannot find the IoTStream repository from " + Path.of("")
                .toAbsolutePath() + ": run from inside it or give --repo-root");
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings s = validatedSettings();
        Duration settleWait = Duration.ofSeconds(or(settleSeconds, quick ? 5 : 60));
        BenchProgress progress = new BenchProgress(spec.commandLine().getErr());
        Instant start = Instant.now();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("startedAt", start.toString());
        context.put("machine", machine());
        Measured measured = measure(s, settleWait, progress, context);
        context.put("loadAverageAtEnd", machine().get("loadAverage"));
        context.put("failures", measured.failures());
        if (!measured.timelines().isEmpty()) {
            context.put("latencyTimelines", Report.timelinesJson(measured.timelines()));
        }
        report(s, start, new Report(measured.rows(), context), measured);
        return measured.failures().isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
    }

    /** What a run measured: one row per measurement (medians over rounds), what failed, the latency timelines. */
    private record Measured(List<Result> rows, List<String> failures,
            Map<String, List<LatencySamples.Second>> timelines) {
    }

    /** The settings, checked before anything starts: a bad flag is a usage error (exit 2). */
    private BenchSettings validatedSettings() {
        try {
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds is " + rounds + ": give 1 or more");
            }
            if (settleSeconds != null && settleSeconds < 0) {
                throw new IllegalArgumentException("--settle-seconds is " + settleSeconds + ": give 0 or more");
            }
            return settings();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Finds a broker, preloads the readings, runs the rounds, the latency row and the batch rows. */
    private Measured measure(BenchSettings s, Duration settleWait, BenchProgress progress,
            Map<String, Object> context) throws Exception {
        List<Result> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, List<LatencySamples.Second>> timelines = new LinkedHashMap<>();
        try (BrokerSource broker = BrokerSource.resolve(s.bootstrapServers(), s.stackHome(), s.kafka(), progress);
             Workload w = new Workload(s, broker.servers(), broker.process())) {
            context.put("broker", broker.origin() + " (" + broker.servers() + ")");
            context.put("settings", describe(s));
            if (w.kafka.hasUserSettings()) {
                context.put("kafkaClientSettings", w.kafka.describe());
                progress.step("Kafka client settings of every client: %s", w.kafka.describe());
            }
            progress.step("preloading %,d readings (%,d devices x %d sensors, %d partitions) into %s", s.events(),
                    s.devices(), s.sensors(), s.partitions(), w.input);
            w.preload(progress);
            context.put("preloadedBytesPerRecord", (double) w.preloadedBytes() / s.events());
            ScorerRuns scorers = new ScorerRuns(w, progress);
            List<String> settles = new ArrayList<>();
            context.put("settledBeforeEachRound", settles);
            rows.addAll(rounds(s, w, scorers, settleWait, settles, failures, progress));
            if (s.runs(Part.LATENCY)) {
                // A write-back stall of the broker's log shows as a latency tail: settle here too.
                settles.add("latency: " + settle(settleWait, progress, "latency: "));
            }
            LatencyRun latency = new LatencyRun(w, scorers, progress);
            part(Part.LATENCY, s, rows, failures, progress, "", latency::run);
            timelines.putAll(latency.timelines());
            part(Part.BATCH, s, rows, failures, progress, "", () -> new BatchRuns(w, progress).run());
            if (failures.isEmpty()) {
                w.deleteWork();
            } else {
                progress.step("kept %s for its logs (Spark peer, iotgen, iottrain)", w.work);
            }
        }
        return new Measured(rows, failures, timelines);
    }

    /**
     * The throughput rows, {@code --rounds} times after the machine settled, side by side in each round (so ratios
     * within a round compare like with like); each row's median over the rounds.
     */
    private List<Result> rounds(BenchSettings s, Workload w, ScorerRuns scorers, Duration settleWait,
            List<String> settles, List<String> failures, BenchProgress progress) throws Exception {
        Map<String, List<Result>> byRow = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            w.round(round);
            String label = rounds > 1 ? "round " + round + " of " + rounds + ": " : "";
            if (rounds > 1) {
                progress.step("round %d of %d", round, rounds);
            }
            settles.add(settle(settleWait, progress, label));
            List<Result> measured = new ArrayList<>();
            part(Part.CEILINGS, s, measured, failures, progress, label, () -> new Ceilings(w, progress).run());
            part(Part.SCORER, s, measured, failures, progress, label, scorers::run);
            part(Part.PMML, s, measured, failures, progress, label, () -> new PmmlPeer(w, progress).run());
            part(Part.SPARK, s, measured, failures, progress, label, () -> new SparkPeer(w, progress).run());
            measured.forEach(r -> byRow.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
        }
        w.round(1);
        List<Result> rows = new ArrayList<>();
        byRow.values().forEach(sameRow -> rows.add(Result.median(sameRow)));
        return rows;
    }

    /** Waits until the machine is quiet (or the wait is over) and says how that went. */
    private static String settle(Duration settleWait, BenchProgress progress, String label)
            throws InterruptedException {
        Settle.Outcome settled = Settle.untilQuiet(settleWait, progress);
        progress.step("%s%s", label, settled.describe());
        return settled.describe();
    }

    /** The table on stdout, the JSON and the charts in the output folder, the failures on stderr. */
    private void report(BenchSettings s, Instant start, Report report, Measured measured) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        report.printTable(out);
        String stamp = Report.stamp(start);
        Path json = s.outputDir().resolve(stamp + ".json");
        Path png = s.outputDir().resolve(stamp + ".png");
        report.writeJson(json);
        boolean charted = report.writeChart(png, String.format(Locale.ROOT, "IoTStream bench %s: %,d events, %,d "
                + "devices x %d sensors, %s%s", stamp, s.events(), s.devices(), s.sensors(), s.guarantee(),
                rounds > 1 ? ", median of " + rounds + " rounds" : ""));
        Path latencyPng = s.outputDir().resolve(stamp + "-latency.png");
        boolean latencyCharted = Report.writeLatencyChart(latencyPng, String.format(Locale.ROOT,
                "IoTStream bench %s: event to alert at %,d events/s offered, second by second", stamp,
                s.latencyRate()), measured.timelines(), s.latencyWarmUpSeconds());
        out.println();
        out.println("wrote " + json + (charted ? " and " + png : " (no events/s rows, so no chart)")
                + (latencyCharted ? " and " + latencyPng : ""));
        for (String f : measured.failures()) {
            spec.commandLine().getErr().println("iotstream bench: " + f);
        }
        out.flush();
    }

    private interface PartRun {
        List<Result> run() throws Exception;
    }

    private static void part(Part part, BenchSettings s, List<Result> rows, List<String> failures,
            BenchProgress progress, String round, PartRun run) {
        String name = round + part.name().toLowerCase(Locale.ROOT);
        if (!s.runs(part)) {
            progress.step("%s: skipped (--skip)", name);
            return;
        }
        try {
            List<Result> got = run.run();
            for (Result r : got) {
                progress.step("  %s: %,.1f %s", r.name(), r.value(), r.unit().label());
            }
            rows.addAll(got);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(name + ": interrupted");
        } catch (Exception e) {
            String message = name + " failed: "
                    + (e.getMessage() != null ? e.getMessage() : e.toString());
            progress.step("%s", message);
            failures.add(message);
        }
    }

    private Map<String, Object> describe(BenchSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", s.events());
        m.put("devices", s.devices());
        m.put("sensors", s.sensors());
        m.put("partitions", s.partitions());
        m.put("guarantee", s.guarantee());
        m.put("rounds", rounds);
        m.put("settleSeconds", or(settleSeconds, quick ? 5 : 60));
        m.put("latencyRate", s.latencyRate());
        m.put("latencySeconds", s.latencySeconds());
        m.put("latencyWarmUpSeconds", s.latencyWarmUpSeconds());
        m.put("latencyCommitIntervalMs", s.latencyCommitMs());
        m.put("sparkBatch", s.sparkBatch());
        m.put("batchRows", s.batchRows());
        m.put("batchSensors", s.batchSensors());
        m.put("skipped", s.skip().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
        return m;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        var os = ManagementFactory.getOperatingSystemMXBean();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", os.getSystemLoadAverage());
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            m.put("memoryBytes", sun.getTotalMemorySize());
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return m;
    }

    /** The module's version, from its jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"iotstream bench " + io.iotstream.cli.ModuleVersion.of("iotstream-bench")};
        }
    }
}
