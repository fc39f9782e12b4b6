package io.iotstream.bench;

import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.ScoringApp;
import io.iotstream.scoring.ScoringConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IoTStream's scorer, in process: {@link ScoringApp} with the production code and defaults (RocksDB-backed device
 * state with its changelog, transitions only, the run's processing guarantee), 1 and 2 stream threads, interval and
 * event mode, each a fresh application over the same preloaded records.
 */
final class ScorerRuns {

    /** The headline row, to which every other row's "vs IoTStream" ratio refers. */
    static final String HEADLINE = name(2, "interval");

    private final Workload w;
    private final BenchProgress progress;

    ScorerRuns(Workload w, BenchProgress progress) {
        this.w = w;
        this.progress = progress;
    }

    static String name(int threads, String mode) {
        return "IoTStream scorer, " + threads + " thread" + (threads == 1 ? "" : "s") + ", " + mode + " mode";
    }

    static long defaultCommitIntervalMs() {
        return ((Number) ScoringConfig.definition().defaultValues().get(ScoringConfig.COMMIT_INTERVAL_MS))
                .longValue();
    }

    List<Result> run() throws Exception {
        List<Result> rows = new ArrayList<>();
        for (String mode : List.of("interval", "event")) {
            for (int threads : new int[] {1, 2}) {
                String name = name(threads, mode);
                progress.step("scorer: %s", name);
                rows.add(throughput(threads, mode).row("scorer", name,
                        "ScoringApp in process, " + w.settings.guarantee() + ", RocksDB state + changelog, commit "
                                + defaultCommitIntervalMs() + " ms"));
            }
        }
        return rows;
    }

    /**
     * The scorer's settings for one run over {@code input}; the user's Kafka client settings reach it as its
     * {@code kafka.config}, which it gives to Kafka Streams, every client and the serdes.
     */
    Map<String, String> settings(String app, int threads, String mode, String input, String alerts)
            throws IOException {
        Map<String, String> s = new HashMap<>();
        Path kafkaConfig = w.kafkaConfigFile();
        if (kafkaConfig != null) {
            s.put(ScoringConfig.KAFKA_CONFIG, kafkaConfig.toString());
        }
        s.put(ScoringConfig.BOOTSTRAP_SERVERS, w.servers);
        s.put(ScoringConfig.APPLICATION_ID, app);
        s.put(ScoringConfig.INPUT_TOPIC, input);
        s.put(ScoringConfig.ALERTS_TOPIC, alerts);
        s.put(ScoringConfig.ERROR_TOPIC, "bench-dlq." + w.run);
        s.put(ScoringConfig.MODEL_EVENTS_TOPIC, "");
        s.put(ScoringConfig.MODEL_URI, w.modelUri());
        s.put(ScoringConfig.SCHEMA_REGISTRY_URL, w.registry);
        s.put(ScoringConfig.PROCESSING_GUARANTEE, w.settings.guarantee());
        s.put(ScoringConfig.NUM_STREAM_THREADS, Integer.toString(threads));
        s.put(ScoringConfig.SCORING_MODE, mode);
        s.put(ScoringConfig.STATE_DIR, w.work.resolve("state-" + app).toString());
        s.put(ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
        s.put(ScoringConfig.HTTP_PORT, "0");
        s.put(ScoringConfig.MODEL_POLL_INTERVAL_MS, "0");
        return s;
    }

    private CommitProgress.Measured throughput(int threads, String mode) throws Exception {
        String app = w.unique("bench-scorer-" + mode + threads);
        String alerts = w.unique("bench-alerts-" + mode + threads);
        w.createTopic(alerts);
        ScoringConfig config = ScoringConfig.resolve(settings(app, threads, mode, w.input, alerts), Map.of(), null);
        long started = System.nanoTime();
        try (ScoringApp scorer = ScoringApp.start(config, StoreOptions.defaults(), Clock.systemUTC())) {
            return CommitProgress.measure(w, app, started, progress);
        }
    }
}
