package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.scoring.model.ScorerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ScorerFactory} seam in the production topology: a whole-vector scorer replaces the incremental margin
 * for decisions and alert probabilities, sees each device's carried-forward vector, is rebuilt on a model swap, and a
 * model whose scorer cannot be built is refused while the last good one serves.
 */
class VectorScorerTopologyTest {

    @TempDir
    Path dir;

    /** Attention when sensor 1 is above 0.8, whatever the model's weights say; records the vectors it saw. */
    private static final class SensorOneRule implements ScorerFactory {
        final List<String> builtFor = new ArrayList<>();
        final List<double[]> seen = new ArrayList<>();

        @Override
        public VectorScorer create(ModelArtifact artifact) {
            if (artifact.version().equals("broken")) {
                throw new IllegalArgumentException("this evaluator cannot read version broken");
            }
            builtFor.add(artifact.version());
            return values -> {
                seen.add(values.clone());
                return values[0] > 0.8 ? 0.99 : 0.01;
            };
        }
    }

    @Test
    void shouldScoreThroughTheVectorScorerAtEveryEventInEventMode() {
        SensorOneRule rule = new SensorOneRule();
        // uniform weights would never alert on sensor 1 alone at 0.9 with the others neutral: the rule decides here
        try (ScoringDriver d = new ScoringDriver(dir, Models.uniform("1", 3),
                Map.of(ScoringConfig.SCORING_MODE, "event"), rule)) {
            d.reading("d1", 2, 0.3);
            d.reading("d1", 1, 0.9);
            d.reading("d1", 3, 0.7);
            d.reading("d1", 1, 0.1);

            assertThat(rule.builtFor).containsExactly("1");
            assertThat(rule.seen).as("one call per event, with the carried-forward vector").containsExactly(
                    new double[] {0.5, 0.3, 0.5}, new double[] {0.9, 0.3, 0.5}, new double[] {0.9, 0.3, 0.7},
                    new double[] {0.1, 0.3, 0.7});
            List<Alert> alerts = d.alerts();
            assertThat(alerts).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION, AlertKind.RECOVERY);
            assertThat(alerts).extracting(Alert::getProbability).containsExactly(0.99, 0.01);
        }
    }

    @Test
    void shouldScoreOncePerIntervalInIntervalMode() {
        SensorOneRule rule = new SensorOneRule();
        try (ScoringDriver d = new ScoringDriver(dir, Models.uniform("1", 3), Map.of(), rule)) {
            d.reading("d1", 1, 0.9);
            d.reading("d1", 2, 0.2);
            d.reading("d2", 2, 0.2);
            assertThat(rule.seen).isEmpty();

            d.endInterval();
            assertThat(rule.seen).hasSize(2);
            assertThat(d.alerts()).singleElement().satisfies(a -> {
                assertThat(a.getDeviceId()).isEqualTo("d1");
                assertThat(a.getKind()).isEqualTo(AlertKind.ATTENTION);
            });
        }
    }

    @Test
    void shouldBuildAScorerPerSwapAndRefuseAModelWhoseScorerCannotBeBuilt() {
        SensorOneRule rule = new SensorOneRule();
        try (ScoringDriver d = new ScoringDriver(dir, Models.uniform("1", 3),
                Map.of(ScoringConfig.SCORING_MODE, "event"), rule)) {
            d.promoteAndAnnounce(Models.uniform("2", 3));
            assertThat(d.models.current().id()).endsWith(":2");

            d.promoteAndAnnounce(Models.uniform("broken", 3));
            assertThat(d.models.current().id()).as("the last good model keeps serving").endsWith(":2");
            assertThat(d.models.notReadyReason()).isEmpty();
            assertThat(rule.builtFor).containsExactly("1", "2");

            d.reading("d1", 1, 0.95);
            assertThat(d.alerts()).singleElement().satisfies(a -> assertThat(a.getModelVersion()).isEqualTo("2"));
        }
    }
}
