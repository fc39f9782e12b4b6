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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
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

    /** The feed's untimed start (--latency-warm-up-seconds), for the scorer and for Spark alike. */
    static Duration warmUp(BenchSettings s) {
        return Duration.ofSeconds(s.latencyWarmUpSeconds());
    }

    private final Workload w;
    private final ScorerRuns scorers;
    private final BenchProgress progress;
    private final Map<String, List<LatencySamples.Second>> timelines = new LinkedHashMap<>();

    LatencyRun(Workload w, ScorerRuns scorers, BenchProgress progress) {
        this.w = w;
        this.scorers = scorers;
        this.progress = progress;
    }

    /** Per system measured ("IoTStream", "Spark"), the latencies second by second of its feed, warm-up included. */
    Map<String, List<LatencySamples.Second>> timelines() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(timelines));
    }

    List<Result> run() throws Exception {
        List<Result> rows = new ArrayList<>(scorer());
        if (w.settings.runs(BenchSettings.Part.SPARK)) {
            String topic = "bench-spark-latency-in." + w.run;
            w.createTopic(topic);
            SparkPeer.Latency spark = new SparkPeer(w, progress).latency(topic, warmUp(w.settings), () -> {
                progress.step("latency: simulator offers %,d events/s for %d s (+%d s warm-up) to Spark",
                        w.settings.latencyRate(), w.settings.latencySeconds(), warmUp(w.settings).toSeconds());
                Summary offered = simulate(topic);
                return offeredNote(offered);
            });
            timelines.put("Spark", spark.samples().timeline());
            rows.addAll(spark.rows());
        }
        return rows;
    }

    private static String offeredNote(Summary offered) {
        return String.format(Locale.ROOT, "%,.0f events/s offered by the simulator (%,d sent)",
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
        LatencySamples samples;
        Summary offered;
        String commits;
        ExecutorService feeder = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-simulator"));
        try (ScoringApp scorer = ScoringApp.start(config, StoreOptions.defaults(), Clock.systemUTC());
             ArrivalTimer<Alert> arrivals = ArrivalTimer.start(alertsConsumer(), alerts, s.partitions(),
                     a -> a.getEventTime().toEpochMilli())) {
            awaitRunning(scorer);
            Duration warmUp = warmUp(s);
            progress.step("latency: simulator offers %,d events/s for %d s (+%d s warm-up; %,d devices x %d sensors)",
                    s.latencyRate(), s.latencySeconds(), warmUp.toSeconds(), s.devices(), s.sensors());
            arrivals.feedStarts(warmUp);
            offered = feeder.submit(() -> simulate(topic)).get();
            samples = arrivals.stop(Duration.ofSeconds(2));
            commits = commitLatency(scorer.streams());
        } finally {
            feeder.shutdownNow();
        }
        timelines.put("IoTStream", samples.timeline());
        return samples.rows("IoTStream", String.format(Locale.ROOT, "scorer, event mode, 2 threads, "
                + "commit every %d ms (%s); %s; read by a read_committed consumer", s.latencyCommitMs(), commits,
                offeredNote(offered)));
    }

    /**
     * How long the scorer's commits took, from Kafka Streams' own thread metrics (over their recent sample windows,
     * about the last minute): under exactly-once an alert becomes visible only when its transaction commits, so the
     * commit's duration (writing the changed devices, flushing, committing the transaction) is part of its latency.
     */
    static String commitLatency(KafkaStreams streams) {
        double sum = 0;
        int threads = 0;
        double max = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            if (!e.getKey().group().equals("stream-thread-metrics")
                    || !(e.getValue().metricValue() instanceof Double v) || !Double.isFinite(v)) {
                continue;
            }
            if (e.getKey().name().equals("commit-latency-avg")) {
                sum += v;
                threads++;
            } else if (e.getKey().name().equals("commit-latency-max")) {
                max = Math.max(max, v);
            }
        }
        return threads == 0 ? "commit latency not reported"
                : String.format(Locale.ROOT, "its commits took %.0f ms on average, at most %.0f ms",
                        sum / threads, max);
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
