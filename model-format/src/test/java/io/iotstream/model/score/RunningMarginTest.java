package io.iotstream.model.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.TestModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningMarginTest {

    private static final int N = 20;

    /**
     * Glitches that a sensor or a byte-swapped double can produce, then normal values again: after every update the
     * running margin equals the margin recomputed from the vector, so every decision equals an exact offline one.
     */
    @Test
    void shouldStayExactThroughHugeFiniteGlitches() {
        ModelArtifact artifact = TestModels.random(N, 3);
        LogisticScorer scorer = new LogisticScorer(artifact);
        SplittableRandom random = new SplittableRandom(5);
        for (double glitch : new double[] {1e17, -1e17, 3.4028234663852886e38, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.MIN_VALUE, 1e300}) {
            RunningMargin running = new RunningMargin(scorer);
            double[] exact = new double[N];
            java.util.Arrays.fill(exact, scorer.neutralValue());
            for (int step = 0; step < 200; step++) {
                int i = random.nextInt(N);
                double v = step == 50 || step == 51 ? glitch : random.nextDouble(-1, 1);
                running.set(i, v);
                exact[i] = v;
                double expected = scorer.margin(exact);
                double p = running.probability();
                assertThat(p).as("probability after %s at step %d", glitch, step).isBetween(0.0, 1.0);
                if (Double.isFinite(expected)) {
                    assertThat(running.margin()).as("margin after glitch %s, step %d", glitch, step)
                            .isCloseTo(expected, within(1e-12 * Math.max(Math.abs(expected), scorer.marginScale())));
                } else {
                    assertThat(running.margin()).isEqualTo(expected);
                }
                assertThat(scorer.decide(p)).as("decision after glitch %s, step %d", glitch, step)
                        .isEqualTo(scorer.decide(scorer.probabilityOfMargin(expected)));
            }
        }
    }

    @Test
    void shouldMatchTheReviewedCaseOfAMarginAbsorbedByOneGlitch() {
        ModelArtifact artifact = TestModels.random(N, 9);
        LogisticScorer scorer = new LogisticScorer(artifact);
        RunningMargin running = new RunningMargin(scorer);
        for (int i = 0; i < N; i++) {
            running.set(i, 0.5);
        }
        double before = running.margin();
        running.set(3, 1e17);
        running.set(3, 0.5);
        assertThat(running.margin()).isCloseTo(before, within(1e-12 * scorer.marginScale()));
    }

    /** Values within the model's scale take the O(1) path: no recomputation until the periodic one. */
    @Test
    void shouldNotRecomputeOnOrdinaryUpdates() {
        LogisticScorer scorer = new LogisticScorer(TestModels.random(N, 4));
        RunningMargin running = new RunningMargin(scorer, 1_000);
        SplittableRandom random = new SplittableRandom(6);
        for (int step = 1; step < 1_000; step++) {
            running.set(random.nextInt(N), random.nextDouble(-1, 1));
            assertThat(running.updatesSinceRecompute()).isEqualTo(step);
        }
        running.set(0, 0.0);
        assertThat(running.updatesSinceRecompute()).isZero();
    }

    @Test
    void shouldRecomputeWhenAChangeDwarfsTheResult() {
        LogisticScorer scorer = new LogisticScorer(TestModels.random(N, 7));
        RunningMargin running = new RunningMargin(scorer);
        running.set(1, 0.25);
        assertThat(running.updatesSinceRecompute()).isEqualTo(1);
        running.set(2, 1e12);
        running.set(2, 0.25);
        assertThat(running.updatesSinceRecompute()).as("the glitch's removal recomputed").isZero();
    }
}
