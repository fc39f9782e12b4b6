package io.iotstream.simulator.bench;

import com.sun.management.OperatingSystemMXBean;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.simulator.Fleet;
import io.iotstream.simulator.SimulateConfig;
import io.iotstream.simulator.Simulation;
import io.iotstream.simulator.SinkKind;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.Summary;
import io.iotstream.simulator.Ticker;
import io.iotstream.simulator.sink.KafkaSink;
import io.iotstream.simulator.sink.ProducerDefaults;
import io.iotstream.devservices.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The simulator's benchmark: {@code simulate --rate max} to a local broker beside a bare {@link KafkaProducer}
 * sending the same number of pre-built records with the same settings, in the same run, alternating; then the
 * pacing error at 1,000 and 50,000 events/s. Prints a Markdown table for docs/BENCHMARKS.md.
 *
 * <pre>
 * mvn -B -pl simulator -Pbench test-compile exec:exec
 * mvn -B -pl simulator -Pbench test-compile exec:exec -Dbench.args="events=5000000 rounds=3 pacing-seconds=30"
 * </pre>
 *
 * Arguments, all {@code key=value}: {@code bootstrap} (a broker to use; default: start one, as the tests do),
 * {@code events} (per throughput run, default 5,000,000), {@code devices} (1,000), {@code sensors} (100),
 * {@code rounds} (3), {@code partitions} (3), {@code pacing-seconds} (30; 0 skips pacing), and
 * {@code producer.<setting>} to override a producer default in both contenders, e.g. {@code producer.compression.type=none}.
 */
public final class SimulatorBenchmark {

    private static final String REGISTRY = "mock://simulator-benchmark";
    /**
     * Pre-built records the bare producer cycles through (sending a record object again is allowed: it is
     * immutable). Few enough to stay in the CPU caches and out of the garbage collector's way: the baseline gets
     * its best chance.
     */
    private static final int PREBUILT = 1 << 16;

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, String> args;
    /** CPU time of the sending thread per record in the last run. */
    private double lastCpuNanosPerEvent;
    private final long events;
    private final int devices;
    private final int sensors;
    private final int rounds;
    private final int partitions;
    private final int pacingSeconds;
    private final Map<String, Object> producerSettings;
    private KafkaBroker broker;
    private String bootstrap;

    private SimulatorBenchmark(Map<String, String> args) {
        this.args = args;
        this.events = Long.parseLong(args.getOrDefault("events", "5000000"));
        this.devices = Integer.parseInt(args.getOrDefault("devices", "1000"));
        this.sensors = Integer.parseInt(args.getOrDefault("sensors", "100"));
        this.rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        this.partitions = Integer.parseInt(args.getOrDefault("partitions", "3"));
        this.pacingSeconds = Integer.parseInt(args.getOrDefault("pacing-seconds", "30"));
        this.producerSettings = new LinkedHashMap<>(ProducerDefaults.settings());
        args.forEach((key, value) -> {
            if (key.startsWith("producer.")) {
                producerSettings.put(key.substring("producer.".length()), value);
            }
        });
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        new SimulatorBenchmark(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        bootstrap = args.get("bootstrap");
        if (bootstrap == null) {
            broker = KafkaBroker.start();
            bootstrap = broker.bootstrapServers();
        }
        try {
            System.out.printf(Locale.ROOT, "# simulator benchmark: %d events x %d rounds, %d devices x %d sensors, "
                    + "%d partitions, broker %s%n", events, rounds, devices, sensors, partitions,
                    broker == null ? bootstrap : "started here (dev-services KafkaBroker, " + bootstrap + ")");
            System.out.printf(Locale.ROOT, "# JVM %s, %d cores; producer settings: %s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), producerSettings);
            System.out.printf(Locale.ROOT, "# load average before: %.2f%n", loadAverage());
            throughput();
            if (pacingSeconds > 0) {
                System.out.println("| asked events/s | for | events sent | achieved events/s | error | CPU, % of one core |");
                System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
                pacing(1_000);
                pacing(50_000);
            }
            System.out.printf(Locale.ROOT, "# load average after: %.2f%n", loadAverage());
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void throughput() throws Exception {
        List<String> rows = new ArrayList<>();
        // one warm-up of each, not reported: JIT, the broker's page cache and log segments
        long warmup = Math.min(events, 1_000_000);
        bare(warmup);
        simulate(warmup);
        double bestBare = 0;
        double bestSim = 0;
        List<Double> ratios = new ArrayList<>();
        List<Double> bares = new ArrayList<>();
        List<Double> bareCpus = new ArrayList<>();
        List<Double> simCpus = new ArrayList<>();
        List<Double> sims = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // alternate who goes first: the one after a run pays for its garbage and the broker's page flushing
            double bare;
            double sim;
            double bareCpu;
            double simCpu;
            if (round % 2 == 1) {
                bare = settled(() -> bare(events));
                bareCpu = lastCpuNanosPerEvent;
                sim = settled(() -> simulate(events));
                simCpu = lastCpuNanosPerEvent;
            } else {
                sim = settled(() -> simulate(events));
                simCpu = lastCpuNanosPerEvent;
                bare = settled(() -> bare(events));
                bareCpu = lastCpuNanosPerEvent;
            }
            bareCpus.add(bareCpu);
            simCpus.add(simCpu);
            bestBare = Math.max(bestBare, bare);
            bestSim = Math.max(bestSim, sim);
            ratios.add(sim / bare);
            bares.add(bare);
            sims.add(sim);
            rows.add(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f%% | %.0f | %.0f |", round, bare, sim,
                    100 * sim / bare, bareCpu, simCpu));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("| round | bare KafkaProducer, records/s | simulate --rate max, events/s | simulate / bare "
                + "| bare: sending thread, CPU ns/record | simulate: CPU ns/event |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "best: bare %,.0f records/s, simulate %,.0f events/s (%.0f%%); median: "
                + "bare %,.0f, simulate %,.0f, ratio %.0f%%; sending thread CPU ns per record: bare %.0f, simulate "
                + "%.0f%n%n", bestBare, bestSim, 100 * bestSim / bestBare, median(bares), median(sims),
                100 * median(ratios), median(bareCpus), median(simCpus));
    }

    private interface Run {
        double events() throws Exception;
    }

    /** Runs after a pause, with the previous run's garbage collected and the broker's writes settled. */
    private static double settled(Run run) throws Exception {
        System.gc();
        Thread.sleep(3_000);
        return run.events();
    }

    /** A bare producer sending {@code count} pre-built records; records/s from first send to last ack. */
    private double bare(long count) throws Exception {
        String topic = newTopic("bench.bare");
        Fleet fleet = new Fleet(devices, "device-");
        int prebuilt = (int) Math.min(PREBUILT, count);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(prebuilt);
        Map<String, Object> serde = Map.of("schema.registry.url", REGISTRY);
        try (AvroSerializer<GenericContainer> serializer = new AvroSerializer<>()) {
            serializer.configure(serde, false);
            SplittableRandom random = new SplittableRandom(1);
            long t = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
            for (int i = 0; i < prebuilt; i++) {
                int d = i % devices;
                SensorReading reading = SensorReading.newBuilder().setDeviceId(fleet.id(d))
                        .setSensor(1 + random.nextInt(sensors)).setValue(random.nextDouble())
                        .setEventTime(Instant.ofEpochMilli(t + i / 1000)).build();
                records.add(new ProducerRecord<>(topic, null, t + i / 1000, fleet.key(d),
                        serializer.serialize(topic, reading)));
            }
        }
        Map<String, Object> settings = brokerSettings();
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, e) -> {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (long i = 0; i < count; i++) {
                producer.send(records.get((int) (i % prebuilt)), callback);
            }
            long cpu1 = THREADS.getCurrentThreadCpuTime();
            producer.flush();
            long t1 = System.nanoTime();
            lastCpuNanosPerEvent = (cpu1 - cpu0) / (double) count;
            if (failure.get() != null || acked.get() != count) {
                throw new IllegalStateException("bare producer: " + acked.get() + " of " + count + " acknowledged",
                        failure.get());
            }
            return count / ((t1 - t0) / 1e9);
        }
    }

    /** The simulator's own path at --rate max; events/s from the start of the run to the last ack. */
    private double simulate(long count) throws Exception {
        Simulation simulation = simulation("bench.simulate",
                SimulateConfig.builder().events(count).rate(SimulateConfig.MAX_RATE));
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Summary summary = simulation.run();
        long t1 = System.nanoTime();
        // includes the sink's open and its wait for the last acknowledgements (little CPU): an upper bound
        lastCpuNanosPerEvent = (THREADS.getCurrentThreadCpuTime() - cpu0) / (double) count;
        if (summary.delivered() != count) {
            throw new IllegalStateException("simulate: " + summary.delivered() + " of " + count + " delivered");
        }
        return count / ((t1 - t0) / 1e9);
    }

    private void pacing(double rate) throws Exception {
        Simulation simulation = simulation("bench.pacing",
                SimulateConfig.builder().duration(Duration.ofSeconds(pacingSeconds)).rate(rate));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Summary summary = simulation.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "| %,.0f | %d s | %,d | %,.1f | %+.3f%% | %.0f%% |%n", rate, pacingSeconds,
                summary.sent(), summary.achievedRate(), 100 * summary.rateError(), 100 * cpu / wall);
    }

    /**
     * The simulator's Kafka path to a fresh topic, with the benchmark's fleet and producer settings; {@code run}
     * says how much at what rate. Not started: building it is not part of what is measured.
     */
    private Simulation simulation(String topicPrefix, SimulateConfig.Builder run) {
        String topic = newTopic(topicPrefix);
        Map<String, Object> settings = brokerSettings();
        settings.put("schema.registry.url", REGISTRY);
        SimulateConfig config = run.sink(SinkKind.KAFKA).kafka(settings).topic(topic).devices(devices)
                .sensors(sensors).seed(1).progressInterval(Duration.ZERO).build();
        Fleet fleet = new Fleet(devices, "device-");
        return new Simulation(config, fleet, new KafkaSink(settings, topic, fleet, false), Ticker.system(),
                InstantSource.system(), new StopSignal(), new PrintWriter(new StringWriter()));
    }

    /** The same producer settings for both contenders, to the benchmark's broker. */
    private Map<String, Object> brokerSettings() {
        Map<String, Object> settings = new HashMap<>(producerSettings);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return settings;
    }

    private String newTopic(String prefix) {
        String topic = prefix + "." + UUID.randomUUID();
        if (broker != null) {
            broker.createTopic(topic, partitions, Map.of());
        } else {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)))
                        .all().get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topic " + topic, e);
            }
        }
        return topic;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
