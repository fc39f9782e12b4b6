package io.iotstream.scoring.bench;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.Models;
import io.iotstream.scoring.ScoringApp;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.ScoringTopology;
import io.iotstream.testsupport.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The scorer's throughput and latency benchmark: a runnable main, never a test. In one run, against one local
 * broker, on the same preloaded records (default 10 million SensorReadings: 10,000 devices x 100 sensors, about 37
 * bytes each):
 *
 * <ol>
 *   <li>a bare Kafka consumer reading the bytes (the broker's and client's ceiling);
 *   <li>a Kafka Streams app that reads every record and writes nothing (source to a no-op processor) with 2
 *       threads at the same processing guarantee: the framework's own ceiling for an app that consumes, as the
 *       scorer does (its output is a few alerts and, per commit, the changed devices);
 *   <li>a pass-through Kafka Streams app (source to sink, bytes) with 2 threads at the same processing guarantee:
 *       the ceiling for an app that writes what it reads;
 *   <li>the scorer ({@link ScoringApp}, the production code) with 1 and with 2 stream threads;
 *   <li>event-to-alert latency (p50, p99) of the scorer in event mode at a steady offered rate (default 100,000
 *       events/s), measured by a read_committed consumer of the alerts topic.
 * </ol>
 *
 * Streams throughput is measured from the application's committed offsets (polled every 50 ms), from the first
 * commit to the one that reaches the end of the input, so start-up and rebalancing are not counted. Prints a
 * table with the ratios. See docs/BENCHMARKS.md, "Earlier measurements: the scorer alone".
 *
 * <pre>
 * mvn -B -pl scoring-streams -Pbench verify -DskipTests            (or: package, then)
 * java -Xmx3g -cp "scoring-streams/target/test-classes:scoring-streams/target/classes:$(cat scoring-streams/target/test-classpath.txt)" \
 *      io.iotstream.scoring.bench.ScoringBenchmark --records 10000000
 * </pre>
 * Options: {@code --records N --devices D --sensors S --partitions P --guarantee exactly_once_v2|at_least_once
 * --commit-interval-ms MS (both Streams apps; default: the scorer's, 1 s)
 * --bootstrap-servers HOST:PORT --latency-rate R --latency-seconds T --latency-commit-interval-ms MS (100)
 * --skip-latency --only consumer,nooutput,passthrough,scorer1,scorer2 (a comma-separated subset)
 * --rounds N (repeat the runs N times on the same input, report the medians; later rounds run with a warm JIT)
 * --kafka-config-file FILE (scorer only)}.
 */
public final class ScoringBenchmark {

    private long records = 10_000_000L;
    private int devices = 10_000;
    private int sensors = 100;
    private int partitions = 4;
    private String guarantee = StreamsConfig.EXACTLY_ONCE_V2;
    private Long commitIntervalMs;
    private String bootstrap;
    private int latencyRate = 100_000;
    private int latencySeconds = 20;
    private boolean skipLatency;
    private long latencyCommitMs = 100;
    private String kafkaConfigFile;
    private List<String> only;
    private int rounds = 1;
    /** The current round, part of every application id so that each round starts from the beginning. */
    private int round;

    private static final String CONSUMER = "bare consumer";
    private static final String NO_OUTPUT = "Streams, no output, 2 threads";
    private static final String PASS_THROUGH = "pass-through Streams, 2 threads";

    private final String registry = "mock://bench-" + UUID.randomUUID();
    private final String run = "bench" + Long.toString(System.currentTimeMillis(), 36);
    private final String input = "iot.sensor-readings." + run;
    private Path work;

    public static void main(String[] args) throws Exception {
        ScoringBenchmark bench = new ScoringBenchmark();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--records" -> bench.records = Long.parseLong(args[++i].replace("_", ""));
                case "--devices" -> bench.devices = Integer.parseInt(args[++i]);
                case "--sensors" -> bench.sensors = Integer.parseInt(args[++i]);
                case "--partitions" -> bench.partitions = Integer.parseInt(args[++i]);
                case "--guarantee" -> bench.guarantee = args[++i];
                case "--commit-interval-ms" -> bench.commitIntervalMs = Long.parseLong(args[++i]);
                case "--bootstrap-servers" -> bench.bootstrap = args[++i];
                case "--latency-rate" -> bench.latencyRate = Integer.parseInt(args[++i]);
                case "--latency-seconds" -> bench.latencySeconds = Integer.parseInt(args[++i]);
                case "--skip-latency" -> bench.skipLatency = true;
                case "--latency-commit-interval-ms" -> bench.latencyCommitMs = Long.parseLong(args[++i]);
                case "--rounds" -> bench.rounds = Integer.parseInt(args[++i]);
                case "--only" -> bench.only = List.of(args[++i].split(","));
                case "--kafka-config-file" -> bench.kafkaConfigFile = args[++i];
                default -> {
                    System.err.println("unknown option " + a + "; see the class javadoc");
                    System.exit(2);
                }
            }
        }
        bench.run();
        System.exit(0);
    }

    private void run() throws Exception {
        work = Files.createTempDirectory("iotstream-bench-");
        KafkaBroker broker = bootstrap == null ? KafkaBroker.start() : null;
        String servers = bootstrap != null ? bootstrap : broker.bootstrapServers();
        try {
            System.out.printf(Locale.ROOT, "# %,d records, %,d devices x %d sensors, %d partitions, %s, %d cores, "
                    + "Java %s%n", records, devices, sensors, partitions, guarantee,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            createTopic(servers, input, partitions);
            long bytes = preload(servers);
            System.out.printf(Locale.ROOT, "# preloaded %,d bytes of values (%.1f bytes/record)%n", bytes,
                    (double) bytes / records);
            Map<String, List<Measured>> rates = new java.util.LinkedHashMap<>();
            for (round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.printf(Locale.ROOT, "# round %d of %d%n", round, rounds);
                }
                if (runs("consumer")) {
                    add(rates, CONSUMER, bareConsumer(servers));
                }
                if (runs("nooutput")) {
                    add(rates, NO_OUTPUT, noOutput(servers, 2));
                }
                if (runs("passthrough")) {
                    add(rates, PASS_THROUGH, passThrough(servers, 2));
                }
                if (runs("scorer1")) {
                    add(rates, "scorer, 1 thread", scorer(servers, 1));
                }
                if (runs("scorer2")) {
                    add(rates, "scorer, 2 threads", scorer(servers, 2));
                }
            }
            Map<String, Measured> medians = new java.util.LinkedHashMap<>();
            rates.forEach((name, list) -> medians.put(name, Measured.median(list)));
            System.out.println();
            if (rounds > 1) {
                System.out.printf(Locale.ROOT, "Medians of %d rounds:%n", rounds);
            }
            System.out.println("| run | events/s | vs bare consumer | vs no-output Streams | vs pass-through "
                    + "| CPU ns/record: consuming threads | whole JVM | broker |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            medians.forEach((name, m) -> System.out.printf(Locale.ROOT,
                    "| %s | %,.0f | %s | %s | %s | %s | %s | %s |%n", name, m.rate(), ratio(m, medians.get(CONSUMER)),
                    ratio(m, medians.get(NO_OUTPUT)), ratio(m, medians.get(PASS_THROUGH)), ns(m.threadNs()),
                    ns(m.jvmNs()), ns(m.brokerNs())));
            if (!skipLatency) {
                latency(servers);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private boolean runs(String name) {
        return only == null || only.contains(name);
    }

    private static void add(Map<String, List<Measured>> rates, String name, Measured measured) {
        rates.computeIfAbsent(name, n -> new ArrayList<>()).add(measured);
    }

    private static String ratio(Measured m, Measured base) {
        return base == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * m.rate() / base.rate());
    }

    private static String ns(double ns) {
        return Double.isNaN(ns) ? "n/a" : String.format(Locale.ROOT, "%,.0f", ns);
    }

    // ---- preload --------------------------------------------------------------------------------------------

    /** Round-robin over devices, each reading the next sensor of its device, values uniform in [0,1). */
    private long preload(String servers) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        config.put("schema.registry.url", registry);
        AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        String[] ids = new String[devices];
        byte[][] keys = new byte[devices][];
        for (int d = 0; d < devices; d++) {
            ids[d] = String.format(Locale.ROOT, "dev-%05d", d);
            keys[d] = ids[d].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        SplittableRandom random = SeedDomain.STREAMING.random(7, 0);
        long start = System.nanoTime();
        long bytes = 0;
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                int d = (int) (i % devices);
                int sensor = (int) ((i / devices) % sensors) + 1;
                byte[] value = serializer.serialize(input, new SensorReading(ids[d], sensor, random.nextDouble(),
                        t0.plusMillis(i / devices)));
                bytes += value.length;
                producer.send(new ProducerRecord<>(input, keys[d], value));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "# preload: %.1f s%n", (System.nanoTime() - start) / 1e9);
        return bytes;
    }

    // ---- bare consumer --------------------------------------------------------------------------------------

    private Measured bareConsumer(String servers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)
                ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(input, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long count = 0;
            long sum = 0;
            Cpu cpu = Cpu.of(Thread.currentThread().getName());
            long start = System.nanoTime();
            while (count < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    sum += r.value().length;
                }
                count += batch.count();
            }
            Measured m = cpu.measured(records, System.nanoTime() - start);
            System.out.printf(Locale.ROOT, "bare consumer: %s (%,d bytes)%n", m, sum);
            return m;
        }
    }

    // ---- Streams apps without scoring ----------------------------------------------------------------------

    /** Reads every record and does nothing with it: Kafka Streams' per-record and commit costs alone. */
    private Measured noOutput(String servers, int threads) throws Exception {
        Topology topology = new Topology();
        topology.addSource("source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), input);
        topology.addProcessor("ignore", () -> new Processor<byte[], byte[], Void, Void>() {
            @Override
            public void process(Record<byte[], byte[]> record) {
            }
        }, "source");
        String app = "bench-nooutput-" + run + "-" + round;
        try (KafkaStreams streams = new KafkaStreams(topology, frameworkConfig(servers, app, threads))) {
            streams.start();
            Measured rate = measureByCommits(servers, app);
            System.out.printf(Locale.ROOT, "Streams, no output, %d threads: %s%n", threads, rate);
            streams.close(Duration.ofSeconds(30));
            return rate;
        }
    }

    /** The Streams settings of the scorer's that concern the framework, so that the comparison is like for like. */
    private Properties frameworkConfig(String servers, String app, int threads) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve(app).toString());
        // The same commit interval as the scorer's, so that both pay the same transaction overhead.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs != null ? commitIntervalMs
                : ScoringConfig.definition().defaultValues().get(ScoringConfig.COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), ScoringTopology.PRODUCER_BATCH_SIZE);
        return props;
    }

    /** Writes every record it reads to another topic, in the same transactions under exactly-once. */
    private Measured passThrough(String servers, int threads) throws Exception {
        String output = "bench-out." + run + "." + round;
        createTopic(servers, output, partitions);
        Topology topology = new Topology();
        topology.addSource("source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), input);
        topology.addSink("sink", output, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "source");
        String app = "bench-pass-" + run + "-" + round;
        try (KafkaStreams streams = new KafkaStreams(topology, frameworkConfig(servers, app, threads))) {
            streams.start();
            Measured rate = measureByCommits(servers, app);
            System.out.printf(Locale.ROOT, "pass-through Streams, %d threads: %s%n", threads, rate);
            streams.close(Duration.ofSeconds(30));
            return rate;
        }
    }

    // ---- the scorer -----------------------------------------------------------------------------------------

    private ModelArtifact model() {
        return Models.ofRule("bench", FailureRule.standard(sensors), 1.0);
    }

    private String publishModel() throws Exception {
        Path dir = work.resolve("models");
        if (!Files.exists(dir)) {
            try (ModelStore store = ModelStores.open(dir.toString(), StoreOptions.defaults())) {
                ModelArtifact m = model();
                store.publish(m);
                store.promote(m.name(), m.version(), "bench");
            }
        }
        return dir.toUri() + "/" + Models.NAME;
    }

    private Map<String, String> scorerSettings(String servers, String app, int threads, String alerts) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put(ScoringConfig.BOOTSTRAP_SERVERS, servers);
        s.put(ScoringConfig.APPLICATION_ID, app);
        s.put(ScoringConfig.INPUT_TOPIC, input);
        s.put(ScoringConfig.ALERTS_TOPIC, alerts);
        s.put(ScoringConfig.ERROR_TOPIC, "bench-dlq." + run);
        s.put(ScoringConfig.MODEL_EVENTS_TOPIC, "");
        s.put(ScoringConfig.MODEL_URI, publishModel());
        s.put(ScoringConfig.SCHEMA_REGISTRY_URL, registry);
        s.put(ScoringConfig.PROCESSING_GUARANTEE, guarantee);
        s.put(ScoringConfig.NUM_STREAM_THREADS, Integer.toString(threads));
        s.put(ScoringConfig.STATE_DIR, work.resolve("state-" + app).toString());
        s.put(ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
        s.put(ScoringConfig.HTTP_PORT, "0");
        s.put(ScoringConfig.MODEL_POLL_INTERVAL_MS, "0");
        if (commitIntervalMs != null) {
            s.put(ScoringConfig.COMMIT_INTERVAL_MS, Long.toString(commitIntervalMs));
        }
        if (kafkaConfigFile != null) {
            s.put(ScoringConfig.KAFKA_CONFIG_FILE, kafkaConfigFile);
        }
        return s;
    }

    private Measured scorer(String servers, int threads) throws Exception {
        String app = "bench-scorer" + threads + "-" + run + "-" + round;
        String alerts = "bench-alerts" + threads + "." + run + "." + round;
        createTopic(servers, alerts, partitions);
        ScoringConfig config = ScoringConfig.resolve(scorerSettings(servers, app, threads, alerts), Map.of(), null);
        try (ScoringApp scorer = ScoringApp.start(config, StoreOptions.defaults(), Clock.systemUTC())) {
            Measured rate = measureByCommits(servers, app);
            System.out.printf(Locale.ROOT, "scorer, %d thread%s: %s (%,d alerts, %,d devices need "
                    + "attention)%n", threads, threads == 1 ? "" : "s", rate, scorer.metrics().alerts(),
                    scorer.metrics().devicesAttention());
            return rate;
        }
    }

    // ---- latency --------------------------------------------------------------------------------------------

    /**
     * The scorer in event mode with 2 threads, fed at {@code latencyRate} events/s for {@code latencySeconds}; each
     * alert's latency is the time a read_committed consumer receives it minus the event time of the newest reading
     * in its score (the producer stamps readings with the wall clock when it sends them).
     */
    private void latency(String servers) throws Exception {
        String topic = "bench-latency-in." + run;
        String alerts = "bench-latency-alerts." + run;
        createTopic(servers, topic, partitions);
        createTopic(servers, alerts, partitions);
        String app = "bench-latency-" + run;
        Map<String, String> settings = scorerSettings(servers, app, 2, alerts);
        settings.put(ScoringConfig.INPUT_TOPIC, topic);
        settings.put(ScoringConfig.SCORING_MODE, "event");
        // The low-latency configuration: commits (and so alerts, for read_committed readers) every 100 ms.
        settings.put(ScoringConfig.COMMIT_INTERVAL_MS, Long.toString(latencyCommitMs));
        ScoringConfig config = ScoringConfig.resolve(settings, Map.of(), null);
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put("schema.registry.url", registry);
        AvroDeserializer<Alert> alertDeserializer = AvroDeserializer.specific(Alert.class);
        alertDeserializer.configure(consumerConfig, false);
        long[] latencies = new long[4_000_000];
        int[] count = {0};
        try (ScoringApp scorer = ScoringApp.start(config, StoreOptions.defaults(), Clock.systemUTC());
             KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                     alertDeserializer)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(alerts, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (scorer.streams() == null || scorer.streams().state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("scorer not running: " + scorer.readiness());
                }
                Thread.sleep(50);
            }
            Thread feeder = new Thread(() -> feed(servers, topic), "bench-feeder");
            feeder.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(latencySeconds + 5);
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    if (count[0] < latencies.length) {
                        latencies[count[0]++] = received - r.value().getEventTime().toEpochMilli();
                    }
                }
            }
            feeder.join();
            long[] sorted = Arrays.copyOf(latencies, count[0]);
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                System.out.println("latency: no alerts received");
                return;
            }
            System.out.printf(Locale.ROOT, "%nlatency, event mode, %s, commit every %d ms, 2 threads, %,d events/s "
                    + "offered for %d s: "
                    + "%,d alerts, event to alert (read_committed consumer) p50 %d ms, p99 %d ms, max %d ms; "
                    + "scorer's own event-to-alert timer p50 %.1f ms, p99 %.1f ms%n", guarantee, latencyCommitMs,
                    latencyRate,
                    latencySeconds, sorted.length, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)],
                    sorted[sorted.length - 1],
                    scorer.metrics().eventToAlert().takeSnapshot().percentileValues()[0].value(TimeUnit.MILLISECONDS),
                    scorer.metrics().eventToAlert().takeSnapshot().percentileValues()[1].value(TimeUnit.MILLISECONDS));
        }
    }

    /** Sends {@code latencyRate} readings/s, stamped with the wall clock, in 1 ms slices. */
    private void feed(String servers, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put("schema.registry.url", registry);
        AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        SplittableRandom random = SeedDomain.STREAMING.random(8, 0);
        String[] ids = new String[devices];
        for (int d = 0; d < devices; d++) {
            ids[d] = String.format(Locale.ROOT, "dev-%05d", d);
        }
        long perMs = Math.max(1, latencyRate / 1000);
        long total = (long) latencyRate * latencySeconds;
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config,
                new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < total; i++) {
                if (i % perMs == 0) {
                    long due = start + (i / perMs) * 1_000_000L;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                int d = random.nextInt(devices);
                int sensor = 1 + random.nextInt(sensors);
                byte[] value = serializer.serialize(topic, new SensorReading(ids[d], sensor, random.nextDouble(),
                        Instant.now()));
                producer.send(new ProducerRecord<>(topic, ids[d], value));
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /**
     * Waits for application {@code groupId} to commit the end of the input; rate and CPU from its first commit on.
     * Its stream threads are named after the application id.
     */
    private Measured measureByCommits(String servers, String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(input, p), OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
            long firstAt = 0;
            long firstCount = 0;
            Cpu cpu = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                long now = System.nanoTime();
                long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(input)
                        && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
                if (sum > 0 && firstAt == 0) {
                    firstAt = now;
                    firstCount = sum;
                    cpu = Cpu.of(groupId);
                }
                if (sum >= end) {
                    return cpu.measured(end - firstCount, now - firstAt);
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(groupId + " did not finish in 30 minutes");
        }
    }

    /** One run's throughput and CPU nanoseconds per record (NaN where not known). */
    private record Measured(double rate, double threadNs, double jvmNs, double brokerNs) {

        static Measured median(List<Measured> runs) {
            return new Measured(median(runs, Measured::rate), median(runs, Measured::threadNs),
                    median(runs, Measured::jvmNs), median(runs, Measured::brokerNs));
        }

        private static double median(List<Measured> runs, java.util.function.ToDoubleFunction<Measured> field) {
            double[] v = runs.stream().mapToDouble(field).sorted().toArray();
            int n = v.length;
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f records/s; CPU per record: %s ns consuming threads, %s ns whole "
                    + "JVM, %s ns broker", rate, ns(threadNs), ns(jvmNs), ns(brokerNs));
        }
    }

    /**
     * CPU time used from a starting point: by the threads doing the consuming (a Streams app's stream threads, or
     * the bare consumer's thread), by this whole JVM, and by the broker when it is this JVM's child process. On a
     * shared machine CPU per record is steadier than records per second, which other processes' load depresses.
     */
    private static final class Cpu {
        private static final java.lang.management.ThreadMXBean THREADS =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private final String mark;
        private final long thread0;
        private final long jvm0;
        private final long broker0;

        private Cpu(String mark) {
            this.mark = mark;
            thread0 = threadCpu();
            jvm0 = jvmCpu();
            broker0 = brokerCpu();
        }

        /** From now on, for the threads named {@code mark} or {@code mark...StreamThread-n}. */
        static Cpu of(String mark) {
            return new Cpu(mark);
        }

        Measured measured(long count, long nanos) {
            long broker = brokerCpu();
            return new Measured(count / (nanos / 1e9), (double) (threadCpu() - thread0) / count,
                    (double) (jvmCpu() - jvm0) / count, broker < 0 || broker0 < 0 ? Double.NaN
                            : (double) (broker - broker0) / count);
        }

        private long threadCpu() {
            long sum = 0;
            for (java.lang.management.ThreadInfo t : THREADS.dumpAllThreads(false, false)) {
                String name = t.getThreadName();
                if (name.equals(mark) || (name.startsWith(mark) && name.matches(".*StreamThread-\\d+"))) {
                    sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
                }
            }
            return sum;
        }

        private static long jvmCpu() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /** Total CPU of this JVM's child processes (the broker started here), or -1 without one. */
        private static long brokerCpu() {
            List<ProcessHandle> children = ProcessHandle.current().children().toList();
            if (children.isEmpty()) {
                return -1;
            }
            return children.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                    .sum();
        }
    }

    private static void createTopic(String servers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }
}
