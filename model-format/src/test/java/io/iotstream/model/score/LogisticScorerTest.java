package io.iotstream.model.score;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.TestModels;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LogisticScorerTest {

    @Test
    void shouldMatchNaiveAndExactComputation() {
        for (int n : new int[] {1, 3, 4, 5, 7, 100, 1001}) {
            ModelArtifact a = TestModels.random(n, n);
            LogisticScorer scorer = new LogisticScorer(a);
            SplittableRandom r = new SplittableRandom(n);
            for (int v = 0; v < 200; v++) {
                double[] x = TestModels.vector(r, n);
                double naive = a.intercept();
                BigDecimal exact = new BigDecimal(a.intercept());
                for (int i = 0; i < n; i++) {
                    naive += a.weight(i) * x[i];
                    exact = exact.add(new BigDecimal(a.weight(i)).multiply(new BigDecimal(x[i])));
                }
                double margin = scorer.margin(x);
                assertThat(margin).as("n=%d", n).isCloseTo(exact.round(MathContext.DECIMAL64).doubleValue(),
                        within(1e-13 * scorer.marginScale()));
                assertThat(margin).isCloseTo(naive, within(1e-13 * scorer.marginScale()));
                double p = scorer.probability(x);
                assertThat(p).isCloseTo(1.0 / (1.0 + Math.exp(-naive)), within(1e-13));
                assertThat(scorer.probabilityOfMargin(margin)).isEqualTo(p);
                assertThat(scorer.attention(x)).isEqualTo(p > a.threshold());
            }
        }
    }

    @Test
    void shouldKeepSigmoidAccurateForLargeMargins() {
        assertThat(LogisticScorer.sigmoid(0)).isEqualTo(0.5);
        assertThat(LogisticScorer.sigmoid(800)).isEqualTo(1.0);
        assertThat(LogisticScorer.sigmoid(-800)).isEqualTo(0.0);
        assertThat(LogisticScorer.sigmoid(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(LogisticScorer.sigmoid(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(LogisticScorer.sigmoid(Double.MAX_VALUE)).isEqualTo(1.0);
        assertThat(LogisticScorer.sigmoid(-Double.MAX_VALUE)).isEqualTo(0.0);
        // Deep in the tail the probability is tiny but still relatively exact: e^z / (1 + e^z) ≈ e^z.
        for (double z : new double[] {-40, -100, -700, -745}) {
            assertThat(LogisticScorer.sigmoid(z)).isGreaterThan(0.0)
                    .isCloseTo(Math.exp(z), within(Math.exp(z) * 1e-15));
        }
        for (double z = -30; z <= 30; z += 0.37) {
            assertThat(LogisticScorer.sigmoid(z) + LogisticScorer.sigmoid(-z)).isCloseTo(1.0, within(2e-16));
        }
        assertThat(LogisticScorer.sigmoid(Double.NaN)).isNaN();
    }

    @Test
    void shouldDecideStrictlyAboveThreshold() {
        LogisticScorer s = new LogisticScorer(TestModels.sample().withThreshold(0.7));
        assertThat(s.decide(0.7)).isFalse();
        assertThat(s.decide(Math.nextUp(0.7))).isTrue();
        assertThat(s.decide(0.1)).isFalse();
        assertThat(s.threshold()).isEqualTo(0.7);
        double[] allHigh = new double[TestModels.SAMPLE_SENSORS];
        Arrays.fill(allHigh, 0.99);
        double[] allLow = new double[TestModels.SAMPLE_SENSORS];
        assertThat(s.attention(allHigh)).isTrue();
        assertThat(s.attention(allLow)).isFalse();
    }

    @Test
    void shouldRejectVectorsOfTheWrongLength() {
        LogisticScorer s = new LogisticScorer(TestModels.sample());
        assertThatThrownBy(() -> s.probability(new double[9])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vector has 9 values but model sensor-failure:2024-05-01.1 has 10 features");
        assertThatThrownBy(() -> s.topContributions(new double[11], 3, new int[3], new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStartIncrementalMarginAtTheNeutralVector() {
        ModelArtifact a = TestModels.random(1000, 4);
        LogisticScorer s = new LogisticScorer(a);
        double[] neutral = new double[1000];
        Arrays.fill(neutral, a.features().neutralValue());
        assertThat(s.neutralMargin()).isCloseTo(s.margin(neutral), within(1e-13 * s.marginScale()));
        assertThat(s.neutralValue()).isEqualTo(0.5);
        assertThat(s.marginDelta(7, 0.25, 0.75)).isEqualTo(a.weight(7) * 0.5);
    }

    @Test
    void shouldKeepIncrementalDriftWithinBoundOverAMillionUpdates() {
        int n = 1000;
        LogisticScorer s = new LogisticScorer(TestModels.random(n, 8));
        double[] x = new double[n];
        Arrays.fill(x, s.neutralValue());
        double running = s.neutralMargin();
        SplittableRandom r = new SplittableRandom(99);
        double worst = 0;
        for (int u = 1; u <= 1_000_000; u++) {
            int i = r.nextInt(n);
            double v = r.nextDouble();
            running += s.marginDelta(i, x[i], v);
            x[i] = v;
            if (u % 50_000 == 0) {
                worst = Math.max(worst, Math.abs(running - s.margin(x)));
            }
        }
        assertThat(worst).as("worst drift, scale %s", s.marginScale()).isLessThan(1e-9 * s.marginScale());
        assertThat(Math.abs(running - s.margin(x))).isLessThan(1e-9 * s.marginScale());
    }

    @Test
    void shouldRecomputeRunningMarginPeriodically() {
        int n = 50;
        LogisticScorer s = new LogisticScorer(TestModels.random(n, 12));
        RunningMargin rm = new RunningMargin(s, 100);
        assertThat(rm.margin()).isEqualTo(s.neutralMargin());
        assertThat(rm.value(3)).isEqualTo(0.5);
        SplittableRandom r = new SplittableRandom(1);
        double[] x = rm.values();
        for (int u = 1; u <= 1000; u++) {
            int i = r.nextInt(n);
            x[i] = r.nextDouble();
            double m = rm.set(i, x[i]);
            assertThat(m).isCloseTo(s.margin(x), within(1e-12 * s.marginScale()));
            if (u % 100 == 0) {
                assertThat(rm.updatesSinceRecompute()).isZero();
                assertThat(m).isEqualTo(s.margin(x));
            }
        }
        assertThat(rm.probability()).isEqualTo(s.probabilityOfMargin(rm.margin()));
        assertThat(rm.attention()).isEqualTo(s.decide(rm.probability()));
        double[] copy = new double[n];
        rm.copyValuesTo(copy);
        assertThat(copy).isEqualTo(x);
        RunningMargin restored = RunningMargin.of(s, x, 10);
        assertThat(restored.margin()).isEqualTo(s.margin(x));
        assertThatThrownBy(() -> new RunningMargin(s, 0)).hasMessageContaining("recomputeEvery is 0");
        assertThatThrownBy(() -> RunningMargin.of(s, new double[3], 10)).hasMessageContaining("saved vector has 3");
    }

    @Test
    void shouldFindTopContributionsLikeAFullSort() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 10, 100, 1000}) {
            LogisticScorer s = new LogisticScorer(TestModels.random(n, 40 + n));
            for (int k : new int[] {0, 1, 3, 10, n, n + 5}) {
                double[] x = TestModels.vector(r, n);
                int want = Math.min(k, n);
                int[] idx = new int[want];
                double[] contrib = new double[want];
                int got = s.topContributions(x, k, idx, contrib);
                Integer[] expected = IntStream.range(0, n).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -s.weight(i) * x[i])
                                .thenComparingInt(i -> i))
                        .limit(want).toArray(Integer[]::new);
                assertThat(got).isEqualTo(want);
                assertThat(Arrays.stream(idx).boxed().toArray(Integer[]::new)).as("n=%d k=%d", n, k)
                        .containsExactly(expected);
                for (int j = 0; j < want; j++) {
                    assertThat(contrib[j]).isEqualTo(s.weight(idx[j]) * x[idx[j]]);
                }
            }
        }
    }

    @Test
    void shouldBreakContributionTiesByLowerIndexAndRankNegativesLast() {
        ModelArtifact a = ModelArtifact.builder("t", "1").features(FeatureSpec.sensors(5))
                .weights(1, -2, 1, 3, 1).provenance(TestModels.provenance()).build();
        LogisticScorer s = new LogisticScorer(a);
        int[] idx = new int[5];
        double[] c = new double[5];
        assertThat(s.topContributions(new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, 5, idx, c)).isEqualTo(5);
        assertThat(idx).containsExactly(3, 0, 2, 4, 1);
        assertThat(c).containsExactly(1.5, 0.5, 0.5, 0.5, -1.0);
        assertThatThrownBy(() -> s.topContributions(new double[5], -1, idx, c)).hasMessageContaining("k is -1");
        assertThatThrownBy(() -> s.topContributions(new double[5], 3, new int[2], c))
                .hasMessageContaining("output arrays hold 2 entries but 3 are needed");
    }

    @Test
    void shouldNotAllocatePerCall() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 1000;
        LogisticScorer s = new LogisticScorer(TestModels.random(n, 1));
        RunningMargin rm = new RunningMargin(s, 1000);
        double[] x = TestModels.vector(new SplittableRandom(2), n);
        int[] idx = new int[5];
        double[] contrib = new double[5];
        double sink = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            sink += work(s, rm, x, idx, contrib, warm);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            sink += work(s, rm, x, idx, contrib, i);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // Allocating even 16 bytes per call would be 1.6 MB here; a few KB is the measuring itself.
        assertThat(allocated).as("bytes allocated by 100,000 calls (sink %s)", sink).isLessThan(16_384);
    }

    private static double work(LogisticScorer s, RunningMargin rm, double[] x, int[] idx, double[] contrib, int i) {
        int f = i % x.length;
        double p = s.probability(x) + s.probabilityOfMargin(s.neutralMargin() + s.marginDelta(f, 0.5, x[f]));
        p += rm.set(f, x[f]);
        if (i % 10 == 0) {
            p += s.topContributions(x, idx.length, idx, contrib);
        }
        return s.decide(p) ? 1 : p;
    }
}
