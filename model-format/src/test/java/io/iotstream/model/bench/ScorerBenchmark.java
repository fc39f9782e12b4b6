package io.iotstream.model.bench;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.model.score.RunningMargin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one prediction with {@link LogisticScorer} against the plainest possible code (one accumulator loop and
 * {@code 1 / (1 + exp(-z))}), and cost of one incremental single-sensor update. Run with {@link ScorerBenchmarkMain}
 * (see docs/BENCHMARKS.md); {@code mvn verify} only compiles it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScorerBenchmark {

    /** Updates are replayed from a ring this long, so the benchmark does not measure a random generator. */
    private static final int EVENTS = 1 << 14;

    @Param({"100", "1000", "10000"})
    public int features;

    private LogisticScorer scorer;
    private double[] weights;
    private double intercept;
    private double[] x;
    private RunningMargin running;
    private int[] eventIndex;
    private double[] eventValue;
    private int cursor;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        double[] w = new double[features];
        x = new double[features];
        for (int i = 0; i < features; i++) {
            w[i] = (r.nextDouble() * 2 - 1) * 8 / Math.sqrt(features);
            x[i] = r.nextDouble();
        }
        ModelArtifact artifact = ModelArtifact.builder("bench", "1")
                .features(FeatureSpec.sensors(features))
                .weights(w)
                .intercept(-0.5)
                .provenance(new Provenance("bench", "1", Map.of(), "mem:", "none", 0, Instant.EPOCH, 42L, null))
                .build();
        scorer = new LogisticScorer(artifact);
        weights = artifact.weights();
        intercept = artifact.intercept();
        running = RunningMargin.of(scorer, x, RunningMargin.DEFAULT_RECOMPUTE_EVERY);
        eventIndex = new int[EVENTS];
        eventValue = new double[EVENTS];
        for (int e = 0; e < EVENTS; e++) {
            eventIndex[e] = r.nextInt(features);
            eventValue[e] = r.nextDouble();
        }
    }

    @Benchmark
    public double scorerProbability() {
        return scorer.probability(x);
    }

    @Benchmark
    public double baselineLoop() {
        double[] w = weights;
        double[] v = x;
        double z = intercept;
        for (int i = 0; i < w.length; i++) {
            z += w[i] * v[i];
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** One sensor reading on the stream path: O(1) margin update (full recompute amortized) plus the probability. */
    @Benchmark
    public double incrementalUpdate() {
        int e = cursor;
        cursor = (e + 1) & (EVENTS - 1);
        running.set(eventIndex[e], eventValue[e]);
        return running.probability();
    }
}
