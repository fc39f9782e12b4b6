package io.iotstream.bench;

import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.scoring.ScoringApp;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.simulator.Fleet;
import io.iotstream.simulator.SimulateConfig;
import io.iotstream.simulator.Simulation;
import io.iotstream.simulator.SinkKind;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.Summary;
import io.iotstream.simulator.Ticker;
import io.iotstream.simulator.sink.KafkaSink;
import io.iotstream.simulator.sink.ProducerDefaults;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Event time to alert: the simulator (the library {@code ./iotstream simulate} runs) offers readings at a fixed
 * rate to a fresh topic while the scorer runs in event mode, 2 threads, committing every
 * {@code --latency-commit-interval-ms}; a {@code read_committed} consumer of the alerts takes each alert's latency
 * as the wall clock when it arrives minus the event time of the newest reading in its score (the simulator stamps
 * each reading with the moment it was due). Everything runs on one machine, so one clock.
 */
final class LatencyRun {

    private static final int MAX_SAMPLES = 4_000_000;

    /**
     * The first part of the offered stream is not timed, for the scorer nor for Spark: a quarter of
     * {@code --latency-seconds} (5 s of the default 20), at least 1 s, offered on top of it, so that start-up (first
     * commits, first micro-batches, the JIT) is not what the row measures.
     */
    static Duration warmUp(BenchSettings s) {
        return Duration.ofSeconds(Math.max(1, s.latencySeconds() / 4));
    }

    private final Workload w;
    private final ScorerRuns scorers;
    private final BenchProgress progress;

    LatencyRun(Workload w, ScorerRuns scorers, BenchProgress progress) {
        this.w = w;
        this.scorers = scorers;
        this.progress = progress;
    }

    List<Result> run() throws Exception {
        List<Result> rows = new ArrayList<>(scorer());
        if (w.settings.runs(BenchSettings.Part.SPARK)) {
            String topic = "bench-spark-latency-in." + w.run;
            w.createTopic(topic);
            rows.addAll(new SparkPeer(w, progress).latency(topic, warmUp(w.settings), () -> {
                progress.step("latency: simulator offers %,d events/s for %d s (+%d s warm-up) to Spark",
                        w.settings.latencyRate(), w.settings.latencySeconds(), warmUp(w.settings).toSeconds());
                Summary offered = simulate(topic);
                return offeredNote(offered);
            }));
        }
        return rows;
    }

    private static String offeredNote(Summary offered) {
        return String.format(java.util.Locale.ROOT, "%,.0f events/s offered by the simulator (%,d sent)",
                offered.achievedRate(), offered.sent());
    }

    private List<Result> scorer() throws Exception {
        BenchSettings s = w.settings;
        String topic = "bench-latency-in." + w.run;
        String alerts = "bench-latency-alerts." + w.run;
        w.createTopic(topic);
        w.createTopic(alerts);
        String app = "bench-latency-" + w.run;
        Map<String, String> settings = scorers.settings(app, 2, "event", topic, alerts);
        settings.put(ScoringConfig.COMMIT_INTERVAL_MS, Long.toString(s.latencyCommitMs()));
        ScoringConfig config = ScoringConfig.resolve(settings, Map.of(), null);
        long[] latencies = new long[MAX_SAMPLES];
        int count = 0;
        Summary offered;
        ExecutorService feeder = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-simulator"));
        try (ScoringApp scorer = ScoringApp.start(config, StoreOptions.defaults(), Clock.systemUTC());
             KafkaConsumer<String, Alert> consumer = alertsConsumer()) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < s.partitions(); p++) {
                tps.add(new TopicPartition(alerts, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            awaitRunning(scorer);
            Duration warmUp = warmUp(s);
            progress.step("latency: simulator offers %,d events/s for %d s (+%d s warm-up; %,d devices x %d sensors)",
                    s.latencyRate(), s.latencySeconds(), warmUp.toSeconds(), s.devices(), s.sensors());
            long timedFrom = System.currentTimeMillis() + warmUp.toMillis();
            Future<Summary> simulation = feeder.submit(() -> simulate(topic));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(s.latencySeconds() + warmUp.toSeconds() + 5L);
            while (System.nanoTime() < end || !simulation.isDone()) {
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    if (count < latencies.length && r.value().getEventTime().toEpochMilli() >= timedFrom) {
                        latencies[count++] = received - r.value().getEventTime().toEpochMilli();
                    }
                }
            }
            offered = simulation.get();
        } finally {
            feeder.shutdownNow();
        }
        if (count == 0) {
            throw new IllegalStateException("latency: no alert arrived in " + (s.latencySeconds() + 5)
                    + " s: the scorer did not keep up or did not run (see its log lines above)");
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        String note = String.format(java.util.Locale.ROOT, "scorer, event mode, 2 threads, commit every %d ms; %s, "
                + "%,d alerts after the %d s warm-up read by a read_committed consumer", s.latencyCommitMs(),
                offeredNote(offered), count, warmUp(s).toSeconds());
        return List.of(
                new Result("latency", "IoTStream event to alert p50", sorted[count / 2], Result.Unit.MILLISECONDS,
                        note),
                new Result("latency", "IoTStream event to alert p99", sorted[Math.min(count - 1,
                        (int) (count * 0.99))], Result.Unit.MILLISECONDS, note),
                new Result("latency", "IoTStream event to alert max", sorted[count - 1], Result.Unit.MILLISECONDS,
                        note));
    }

    private Summary simulate(String topic) throws Exception {
        BenchSettings s = w.settings;
        Map<String, Object> kafka = simulatorConfig(w);
        SimulateConfig config = SimulateConfig.builder().sensors(s.sensors()).devices(s.devices())
                .rate(s.latencyRate()).duration(Duration.ofSeconds(s.latencySeconds()).plus(warmUp(s)))
                .sink(SinkKind.KAFKA)
                .topic(topic).kafka(kafka).seed(8).build();
        Fleet fleet = new Fleet(config.devices(), config.devicePrefix());
        KafkaSink sink = new KafkaSink(config.kafka(), topic, fleet, false);
        PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
        return new Simulation(config, fleet, sink, Ticker.system(), InstantSource.system(), new StopSignal(), quiet)
                .run();
    }

    /** The simulator's producer: its defaults with linger.ms 1, under the user's settings; the run's registry. */
    static Map<String, Object> simulatorConfig(Workload w) {
        Map<String, Object> defaults = new HashMap<>(ProducerDefaults.settings());
        // Latency, not throughput: send what is due at once rather than fill batches for 10 ms.
        defaults.put("linger.ms", "1");
        return w.kafka.config(defaults, Map.of("schema.registry.url", w.registry));
    }

    /** The alerts consumer: read_committed (alerts count once committed), no commits, over the user's settings. */
    static Map<String, Object> alertsConsumerConfig(Workload w) {
        return w.kafka.config(Map.of(), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    private KafkaConsumer<String, Alert> alertsConsumer() {
        Map<String, Object> config = alertsConsumerConfig(w);
        config.put("schema.registry.url", w.registry);
        AvroDeserializer<Alert> deserializer = AvroDeserializer.specific(Alert.class);
        deserializer.configure(config, false);
        config.remove("schema.registry.url");
        return new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
    }

    private static void awaitRunning(ScoringApp scorer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (scorer.streams() == null || scorer.streams().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the scorer is not running after 60 s: " + scorer.readiness());
            }
            Thread.sleep(50);
        }
    }
}
