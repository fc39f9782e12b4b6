package io.iotstream.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotstream.model.Metrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoldoutMetricsTest {

    @Test
    void shouldComputeRocAucAsTheShareOfCorrectlyOrderedPairs() {
        double[] p = {0.9, 0.8, 0.7, 0.6, 0.2};
        int[] y = {1, 0, 1, 0, 0};
        // positives at 0.9 and 0.7 outrank 3 and 2 of the 3 negatives: 5 of 6 pairs.
        assertThat(HoldoutMetrics.rocAuc(p, y)).isCloseTo(5.0 / 6, within(1e-15));
        assertThat(HoldoutMetrics.rocAuc(new double[] {0.5, 0.5}, new int[] {1, 0})).isEqualTo(0.5);
        assertThat(HoldoutMetrics.rocAuc(new double[] {0.5, 0.4}, new int[] {1, 1})).isNaN();
    }

    @Test
    void shouldComputePrAucLikeSpark() {
        double[] p = {0.9, 0.8, 0.7, 0.6};
        int[] y = {1, 0, 1, 0};
        // Points (recall, precision): start (0, 1), (0.5, 1), (0.5, 0.5), (1, 2/3), (1, 0.5)
        double expected = 0.5 * (1 + 1) / 2 + 0 + 0.5 * (0.5 + 2.0 / 3) / 2 + 0;
        assertThat(HoldoutMetrics.prAuc(p, y)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void shouldCountTheConfusionMatrixAtTheThreshold() {
        Map<String, Double> m = HoldoutMetrics.compute(new double[] {0.9, 0.5, 0.4, 0.6}, new int[] {1, 1, 0, 0}, 0.5);
        // p > 0.5: 0.9 (tp), 0.6 (fp); 0.5 is not above the threshold (fn), 0.4 (tn)
        assertThat(m).containsEntry(Metrics.TP, 1.0).containsEntry(Metrics.FP, 1.0)
                .containsEntry(Metrics.TN, 1.0).containsEntry(Metrics.FN, 1.0)
                .containsEntry(Metrics.ACCURACY, 0.5).containsEntry(Metrics.PRECISION, 0.5)
                .containsEntry(Metrics.RECALL, 0.5).containsEntry(Metrics.F1, 0.5);
    }

    @Test
    void shouldLeaveOutWhatIsUndefined() {
        Map<String, Double> m = HoldoutMetrics.compute(new double[] {0.1, 0.2}, new int[] {0, 0}, 0.5);
        assertThat(m).doesNotContainKeys(Metrics.AUC, Metrics.PR_AUC, Metrics.PRECISION, Metrics.RECALL, Metrics.F1)
                .containsEntry(Metrics.ACCURACY, 1.0);
    }
}
