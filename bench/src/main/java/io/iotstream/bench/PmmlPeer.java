package io.iotstream.bench;

import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.ScoringApp;
import io.iotstream.scoring.ScoringConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Peer B: the usual PMML approach. It is the scorer itself — {@link ScoringApp} with the production topology,
 * decoder, per-device state store and changelog, cadence, alerts and dead-letter path, at the run's processing
 * guarantee — started with a {@link io.iotstream.scoring.model.ScorerFactory} that scores every device's whole
 * vector through PMML4S ({@link PmmlScorer}) instead of the incremental margin. So the comparison with the scorer
 * rows measures the scoring and nothing else.
 */
final class PmmlPeer {

    private final Workload w;
    private final ScorerRuns scorerRuns;
    private final BenchProgress progress;

    PmmlPeer(Workload w, BenchProgress progress) {
        this.w = w;
        this.scorerRuns = new ScorerRuns(w, progress);
        this.progress = progress;
    }

    /** The row of {@code mode} ("interval" or "event"), 2 threads. */
    static String name(String mode) {
        return "PMML4S in the scorer's topology, 2 threads, " + mode + " mode";
    }

    List<Result> run() throws Exception {
        List<Result> rows = new ArrayList<>();
        for (String mode : List.of("interval", "event")) {
            String name = name(mode);
            progress.step("peer B: %s", name);
            rows.add(throughput(2, mode).row("peer", name,
                    "ScoringApp in process with a PMML4S ScorerFactory (predict() on the whole vector per score), "
                            + w.settings.guarantee() + ", RocksDB state + changelog"));
        }
        return rows;
    }

    private CommitProgress.Measured throughput(int threads, String mode) throws Exception {
        String app = w.unique("bench-pmml-" + mode + threads);
        String alerts = w.unique("bench-pmml-alerts-" + mode + threads);
        w.createTopic(alerts);
        ScoringConfig config = ScoringConfig.resolve(scorerRuns.settings(app, threads, mode, w.input, alerts),
                Map.of(), null);
        long started = System.nanoTime();
        try (ScoringApp scorer = ScoringApp.start(config, StoreOptions.defaults(), Clock.systemUTC(),
                artifact -> new PmmlScorer(artifact)::probability)) {
            return CommitProgress.measure(w, app, started, progress);
        }
    }
}
