package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PmmlScorerTest {

    @Test
    void shouldScoreAsTheScorerDoes() {
        ModelArtifact model = Workload.ruleModel(100);
        PmmlScorer pmml = new PmmlScorer(model);
        LogisticScorer scorer = new LogisticScorer(model);
        SplittableRandom random = new SplittableRandom(3);
        int attention = 0;
        for (int v = 0; v < 200; v++) {
            double[] x = new double[100];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble();
            }
            double p = pmml.probability(x);
            assertThat(p).as("vector %d", v).isCloseTo(scorer.probability(x), within(1e-9));
            attention += scorer.decide(p) ? 1 : 0;
        }
        assertThat(attention).as("the rule labels some vectors 1 and some 0").isBetween(1, 199);
    }
}
