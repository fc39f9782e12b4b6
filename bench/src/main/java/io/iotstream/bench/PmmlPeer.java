package io.iotstream.bench;

import io.iotstream.model.score.LogisticScorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Peer B: the usual PMML approach, i.e. the scorer's topology shape (source, one stateful processor with a
 * changelog-backed store, alerts sink) scoring through PMML4S ({@link PmmlScoringProcessor}), at the run's
 * processing guarantee and the scorer's commit interval, 2 threads, interval and event mode.
 *
 * <p>Bench-local because the scorer has no seam for another scorer: {@code DeviceState} binds
 * {@code LogisticScorer} directly (see docs/BENCHMARKS.md, "Peer B").
 */
final class PmmlPeer {

    private static final String STORE = "pmml-device-state";

    private final Workload w;
    private final BenchProgress progress;

    PmmlPeer(Workload w, BenchProgress progress) {
        this.w = w;
        this.progress = progress;
    }

    List<Result> run() throws Exception {
        List<Result> rows = new ArrayList<>();
        for (String mode : List.of("interval", "event")) {
            String name = "PMML4S in the same topology, 2 threads, " + mode + " mode";
            progress.step("peer B: %s", name);
            rows.add(throughput(2, mode.equals("event")).row("peer", name,
                    "bench-local processor, PMML4S predict() on the whole vector per score, " + w.settings
                            .guarantee() + ", changelog-backed store"));
        }
        return rows;
    }

    private CommitProgress.Measured throughput(int threads, boolean eachEvent) throws Exception {
        String mode = eachEvent ? "event" : "interval";
        String app = "bench-pmml-" + mode + "-" + w.run;
        String alerts = "bench-pmml-alerts-" + mode + "." + w.run;
        w.createTopic(alerts);
        Duration commit = Duration.ofMillis(ScorerRuns.defaultCommitIntervalMs());
        PmmlScoringProcessor.Setup setup = new PmmlScoringProcessor.Setup(STORE, w.input, new PmmlScorer(w.model),
                Ceilings.decoder(w), w.settings.sensors(), new LogisticScorer(w.model).neutralValue(), eachEvent,
                Duration.ofSeconds(1), commit);
        Topology topology = new Topology();
        topology.addSource("readings-source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                w.input);
        topology.addProcessor("score", () -> new PmmlScoringProcessor(setup), "readings-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()).withCachingDisabled(), "score");
        topology.addSink("alerts-sink", alerts, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "score");
        Properties props = BenchStreamsConfig.of(w, app, threads);
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            long started = System.nanoTime();
            streams.start();
            CommitProgress.Measured m = CommitProgress.measure(w, app, started, progress);
            streams.close(Duration.ofSeconds(30));
            return m;
        }
    }
}
