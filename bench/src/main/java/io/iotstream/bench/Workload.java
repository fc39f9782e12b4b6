package io.iotstream.bench;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every row of one run shares: the broker, the preloaded input topic, the model (the original benchmark's
 * labelling rule as a logistic regression, published to a file model store and written as JSON for the Spark peer),
 * a work folder, and names unique to the run (topics and application ids never collide with an earlier run on the
 * same broker). {@link #close()} deletes the copy of the Kafka client settings it may have written.
 */
final class Workload implements AutoCloseable {

    static final String MODEL_NAME = "sensor-failure";

    final BenchSettings settings;
    final String servers;
    /** Every Kafka client of the run is configured through this. */
    final BenchKafka kafka;
    final String run = "bench" + Long.toString(System.currentTimeMillis(), 36);
    final String input = "iot.sensor-readings." + run;
    /** The registry is not what is measured: an in-process one (schemas' mock://), shared by every row. */
    final String registry = "mock://bench-" + UUID.randomUUID();
    final Path work;
    final ModelArtifact model;
    /** The broker's process when the bench started it, for its CPU per record; null for an external broker. */
    final ProcessHandle brokerProcess;
    private String modelUri;
    private long preloadedBytes;
    /** The round of {@code --rounds} running now (1-based): {@link #unique} names differ per round. */
    private int round = 1;
    private Path kafkaConfigFile;

    void round(int round) {
        this.round = round;
    }

    /**
     * {@code prefix} made unique to this run and round: an application id (so no committed offsets from an earlier
     * round), topic or folder never used before.
     */
    String unique(String prefix) {
        return prefix + "-" + run + (round > 1 ? "-r" + round : "");
    }

    Workload(BenchSettings settings, String servers) throws IOException {
        this(settings, servers, null);
    }

    Workload(BenchSettings settings, String servers, ProcessHandle brokerProcess) throws IOException {
        this.settings = settings;
        this.servers = servers;
        this.brokerProcess = brokerProcess;
        this.kafka = new BenchKafka(servers, settings.kafka());
        // Not under java.io.tmpdir, which Kafka Streams warns about for state directories (the OS may clear it).
        this.work = Files.createDirectories(settings.repoRoot().resolve("bench").resolve("target")
                .resolve("work-" + run));
        this.model = ruleModel(settings.sensors());
    }

    /**
     * The original benchmark's rule ({@link FailureRule#standard}) as a logistic regression: weight {@code s} on
     * sensor {@code s}, intercept {@code -cutoff}; attention exactly when the rule labels 1.
     */
    static ModelArtifact ruleModel(int sensors) {
        FailureRule rule = FailureRule.standard(sensors);
        double[] w = new double[sensors];
        for (int i = 0; i < sensors; i++) {
            w[i] = i + 1;
        }
        Provenance provenance = new Provenance("iotstream-bench", "1", Map.of("rule", rule.toString()),
                "memory:failure-rule", "sha256:" + "0".repeat(64), 0, Instant.parse("2026-01-01T00:00:00Z"), null,
                null);
        return ModelArtifact.builder(MODEL_NAME, "bench-1").features(FeatureSpec.sensors(sensors)).weights(w)
                .intercept(-rule.cutoff()).provenance(provenance).build();
    }

    /** The model store URI of the live model (published on first use). */
    synchronized String modelUri() {
        if (modelUri == null) {
            Path dir = work.resolve("models");
            try (ModelStore store = ModelStores.open(dir.toString(), StoreOptions.defaults())) {
                store.publish(model);
                store.promote(model.name(), model.version(), "bench");
            }
            modelUri = dir.toUri() + "/" + MODEL_NAME;
        }
        return modelUri;
    }

    /** The model as JSON, for the Spark peer's JVM. */
    Path modelJson() throws IOException {
        Path file = work.resolve("model.json");
        if (!Files.exists(file)) {
            Files.write(file, ModelJson.write(model));
        }
        return file;
    }

    /**
     * The user's Kafka client settings as a file (owner-only) for the clients that take a file, or null when there
     * are none, so a default run passes nothing.
     */
    synchronized Path kafkaConfigFile() throws IOException {
        if (kafkaConfigFile == null && kafka.hasUserSettings()) {
            kafkaConfigFile = kafka.writeFile(work.resolve("kafka-client.properties"));
        }
        return kafkaConfigFile;
    }

    /** Deletes the copy of the Kafka client settings (it may hold passwords), even when the work folder is kept. */
    @Override
    public synchronized void close() throws IOException {
        if (kafkaConfigFile != null) {
            Files.deleteIfExists(kafkaConfigFile);
            kafkaConfigFile = null;
        }
    }

    /** Deletes the work folder (state stores, checkpoints, generated data, child logs). */
    void deleteWork() throws IOException {
        try (var paths = Files.walk(work)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    long preloadedBytes() {
        return preloadedBytes;
    }

    /**
     * Creates a readings or alerts topic of the run as the topic catalogue has them (the two are partitioned and set
     * up alike), with one replica: the run's topics are thrown away.
     */
    void createTopic(String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.createTopics(List.of(TopicCatalogue.READINGS.newTopic(topic, settings.partitions(), (short) 1)))
                    .all().get();
        }
    }

    /** The preload producer's configuration: throughput defaults under the user's settings. */
    Map<String, Object> preloadProducerConfig() {
        return kafka.config(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024), Map.of());
    }

    /**
     * Writes {@code events} readings to the input topic: round-robin over devices, each reading the next sensor of
     * its device, values uniform in [0,1), keyed by device, uncompressed, Confluent-framed Avro (about 30 bytes).
     */
    void preload(BenchProgress progress) throws InterruptedException, ExecutionException {
        createTopic(input);
        Map<String, Object> config = preloadProducerConfig();
        config.put("schema.registry.url", registry);
        AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        int devices = settings.devices();
        int sensors = settings.sensors();
        String[] ids = new String[devices];
        byte[][] keys = new byte[devices][];
        for (int d = 0; d < devices; d++) {
            ids[d] = String.format(Locale.ROOT, "dev-%05d", d);
            keys[d] = ids[d].getBytes(StandardCharsets.UTF_8);
        }
        SplittableRandom random = SeedDomain.STREAMING.random(7, 0);
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        long events = settings.events();
        long tenth = Math.max(1, events / 10);
        long bytes = 0;
        config.remove("schema.registry.url");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                int d = (int) (i % devices);
                int sensor = (int) ((i / devices) % sensors) + 1;
                byte[] value = serializer.serialize(input, new SensorReading(ids[d], sensor, random.nextDouble(),
                        t0.plusMillis(i / devices)));
                bytes += value.length;
                producer.send(new ProducerRecord<>(input, keys[d], value));
                if ((i + 1) % tenth == 0) {
                    progress.step("preload: %,d of %,d records", i + 1, events);
                }
            }
            producer.flush();
        }
        preloadedBytes = bytes;
    }
}
