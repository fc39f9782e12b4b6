package io.iotstream.scoring.bench;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.schemas.serde.AvroSerializer;
import io.iotstream.scoring.Models;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.ScoringTopology;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.processor.internal.DeviceScoringProcessor;
import io.iotstream.scoring.processor.internal.DeviceStateStore;
import io.iotstream.scoring.processor.internal.DeviceStateStoreBuilder;
import io.iotstream.scoring.processor.internal.SensorReadingDecoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The scoring processor alone, without Kafka: nanoseconds per reading through {@code DeviceScoringProcessor.process}
 * (decode, device lookup, O(1) update, dirty tracking), with the interval punctuation and a commit
 * ({@code flushCache}, into an in-memory store without changelog) once per million readings, about a second of one
 * stream thread at full speed. A runnable main,
 * never a test: it isolates the scorer's own per-record cost from Kafka Streams' and the broker's, which on a
 * shared machine makes changes to the hot path measurable. See docs/BENCHMARKS.md, "Earlier measurements: the
 * scorer alone".
 *
 * <pre>
 * java -cp "scoring-streams/target/test-classes:scoring-streams/target/classes:$(cat scoring-streams/target/test-classpath.txt)" \
 *      io.iotstream.scoring.bench.ProcessorBenchmark [devices 5000] [sensors 100] [order roundrobin|random] [rounds 10]
 * </pre>
 * One processor stands for one stream task; the defaults (5,000 devices) are what one of the benchmark's 2 stream
 * threads holds (10,000 devices over 4 partitions, 2 tasks per thread). Readings are pre-serialized, 2 million per
 * round, replayed in the same order each round.
 */
public final class ProcessorBenchmark {

    private static final int RECORDS = 2_000_000;
    private static final String USAGE = "usage: ProcessorBenchmark [devices (5000)] [sensors (100)] "
            + "[roundrobin|random (roundrobin)] [rounds (10)]";

    public static void main(String[] args) throws Exception {
        int devices;
        int sensors;
        boolean random;
        int rounds;
        try {
            if (args.length > 4 || (args.length > 2 && !args[2].matches("roundrobin|random"))) {
                throw new IllegalArgumentException();
            }
            devices = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
            sensors = args.length > 1 ? Integer.parseInt(args[1]) : 100;
            random = args.length > 2 && args[2].equals("random");
            rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        } catch (IllegalArgumentException e) {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("iotstream-processor-bench-");
        String registry = "mock://processor-bench-" + UUID.randomUUID();

        Path storeDir = work.resolve("models");
        ModelArtifact model = Models.ofRule("bench", FailureRule.standard(sensors), 1.0);
        ModelStore store = ModelStores.open(storeDir.toString(), StoreOptions.defaults());
        store.publish(model);
        store.promote(model.name(), model.version(), "bench");
        Map<String, String> settings = new HashMap<>();
        settings.put(ScoringConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9");
        settings.put(ScoringConfig.MODEL_URI, storeDir.toUri() + "/" + Models.NAME);
        settings.put(ScoringConfig.SCHEMA_REGISTRY_URL, registry);
        settings.put(ScoringConfig.MODEL_EVENTS_TOPIC, "");
        ScoringConfig config = ScoringConfig.resolve(settings, Map.of(), null);
        ScoringMetrics metrics = ScoringMetrics.inMemory();
        ModelHolder models = new ModelHolder(config.modelRef(), store, config.modelFeatures(), metrics,
                Clock.systemUTC());
        models.refresh("start");

        // Wired as ScoringTopology wires it.
        Map<String, Object> serdeConfig = config.serdeConfig();
        DeviceScoringProcessor.Decoders decoders = new DeviceScoringProcessor.Decoders(config.inputTopic(),
                new SensorReadingDecoder(new AvroSerdeConfig(serdeConfig).createRegistryClient(),
                        AvroSerdes.specific(SensorReading.class, serdeConfig, false).deserializer()),
                "(none)", AvroSerdes.specific(SensorFrame.class, serdeConfig, false).deserializer());
        Processor<Object, Object, String, Alert> processor = new DeviceScoringProcessor(
                ScoringTopology.DEVICE_STATE_STORE, config.rules(), models, metrics, decoders);

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "processor-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        MockProcessorContext<String, Alert> context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        DeviceStateStore deviceStore = new DeviceStateStoreBuilder(ScoringTopology.DEVICE_STATE_STORE,
                DeviceStateStoreBuilder.Backing.IN_MEMORY, Map.of()).withLoggingDisabled().build();
        deviceStore.init(context.getStateStoreContext(), deviceStore);
        context.addStateStore(deviceStore);
        processor.init(context);
        var punctuator = context.scheduledPunctuators().get(0).getPunctuator();

        @SuppressWarnings("unchecked")
        Record<Object, Object>[] input = new Record[RECORDS];
        AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig, false);
        SplittableRandom rnd = SeedDomain.STREAMING.random(7, 0);
        String[] ids = new String[devices];
        for (int d = 0; d < devices; d++) {
            ids[d] = String.format(Locale.ROOT, "dev-%05d", d);
        }
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            int d = random ? rnd.nextInt(devices) : i % devices;
            int sensor = random ? 1 + rnd.nextInt(sensors) : (i / devices) % sensors + 1;
            byte[] value = serializer.serialize(config.inputTopic(), new SensorReading(ids[d], sensor,
                    rnd.nextDouble(), t0.plusMillis(i / devices)));
            input[i] = new Record<>(ids[d].getBytes(StandardCharsets.UTF_8), value, t0.toEpochMilli() + i);
        }

        // One "second" (interval + commit) per 1,000,000 readings, about what one thread sees at full speed.
        int perInterval = 1_000_000;
        System.out.printf(Locale.ROOT, "# %,d devices x %d sensors, %s order, %,d readings per round%n", devices,
                sensors, random ? "random" : "round-robin", RECORDS);
        // CPU time of this thread, besides wall time: other processes on a shared machine inflate wall time only.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < RECORDS; i++) {
                processor.process(input[i]);
                if ((i + 1) % perInterval == 0) {
                    punctuator.punctuate(System.currentTimeMillis());
                    deviceStore.flushCache();
                    context.resetForwards();
                }
            }
            double ns = (System.nanoTime() - start) / (double) RECORDS;
            double cpu = (threads.getCurrentThreadCpuTime() - startCpu) / (double) RECORDS;
            best = Math.min(best, ns);
            bestCpu = Math.min(bestCpu, cpu);
            System.out.printf(Locale.ROOT, "round %d: %.1f ns/reading, %.1f ns of CPU%n", round + 1, ns, cpu);
        }
        System.out.printf(Locale.ROOT, "best: %.1f ns/reading (%,.0f readings/s on one core), %.1f ns of CPU%n", best,
                1e9 / best, bestCpu);
        processor.close();
        deviceStore.close();
        store.close();
    }
}
