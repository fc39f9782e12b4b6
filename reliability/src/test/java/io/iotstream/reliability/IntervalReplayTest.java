package io.iotstream.reliability;

import static io.iotstream.schemas.AlertKind.ATTENTION;
import static io.iotstream.schemas.AlertKind.RECOVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.reliability.IntervalReplay.Reading;
import io.iotstream.reliability.IntervalReplay.Replay;
import io.iotstream.reliability.IntervalReplay.Scored;
import io.iotstream.schemas.AlertKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The interval-mode oracle on tiny hand-made inputs, worked out by hand from the rules (no broker). The model: two
 * sensors, attention exactly when their sum exceeds 1.2 (weights 10, 10, intercept -12, threshold 0.5); a sensor
 * not seen yet is at the neutral 0.5.
 */
class IntervalReplayTest {

    private static final LogisticScorer SCORER = new LogisticScorer(ModelArtifact.builder("t", "1")
            .features(FeatureSpec.sensors(2)).weights(10, 10).intercept(-12).provenance(Stack.provenance()).build());

    @Test
    void intervalEndsAreTheNextMultipleOfTheInterval() {
        assertThat(IntervalReplay.end(0, 10)).isEqualTo(10);
        assertThat(IntervalReplay.end(9, 10)).isEqualTo(10);
        assertThat(IntervalReplay.end(10, 10)).isEqualTo(20);
        assertThat(IntervalReplay.end(-1, 10)).isEqualTo(0);
        assertThat(IntervalReplay.end(-10, 10)).isEqualTo(0);
    }

    /**
     * Interval 10 ms, no grace. Partition 0: A reaches attention in [0,10), is scored for it by its own reading of
     * [10,20) (rule 1, on the vector before that reading), B is closed with [0,10) by the same reading (rule 2,
     * no change: no alert); a late reading of A (t=8 after stream time 12) goes with [10,20); B's reading at 25
     * scores B for [10,20) (rule 1) and closes A's [10,20) (rule 2): RECOVERY, counting the late reading. The end
     * of the input scores B's [20,30). Partition 1's C, interleaved at t=100, has its own stream time: it closes
     * nothing of partition 0, and is scored at the end.
     */
    @Test
    void scoresByRule1Rule2LateReadingsAndTheEndPerPartition() {
        List<Reading> input = List.of(
                r(0, "A", 1, 0.9, 1),
                r(0, "A", 2, 0.9, 3),
                r(1, "C", 1, 0.9, 100),
                r(0, "B", 1, 0.1, 5),
                r(0, "A", 1, 0.1, 12),
                r(1, "C", 2, 0.9, 101),
                r(0, "B", 2, 0.9, 14),
                r(0, "A", 2, 0.2, 8),
                r(0, "B", 1, 0.8, 25));

        Replay replay = IntervalReplay.replay(input, SCORER, 10, 0);

        assertThat(replay.alertsByDevice()).isEqualTo(Map.of(
                "A", List.of(s(ATTENTION, 3, 2), s(RECOVERY, 12, 2)),
                "B", List.of(s(ATTENTION, 25, 1)),
                "C", List.of(s(ATTENTION, 101, 2))));
        assertThat(replay.readings()).isEqualTo(9);
        assertThat(replay.late()).isEqualTo(1);
        assertThat(replay.byRule1()).as("A at t=12, B at t=25").isEqualTo(2);
        assertThat(replay.byRule2()).as("B with [0,10) at t=12, A with [10,20) at t=25").isEqualTo(2);
        assertThat(replay.atEnd()).as("B's [20,30), C's [100,110)").isEqualTo(2);
        assertThat(replay.alertsAtEnd()).isEqualTo(2);
        assertThat(replay.tasksOpenAtEnd()).isEqualTo(2);
        assertThat(replay.alerts()).isEqualTo(4);
    }

    /**
     * Interval 10 ms, grace 5 ms: [0,10) closes only once stream time reaches 15. B's reading at 8 after stream
     * time 12 is not late (within the grace), D's at 3 after stream time 16 is (it goes with [10,20)); C's reading
     * at 26 closes [10,20), whose B is unchanged and D reaches attention. A's drop in [20,30) is scored at the end.
     */
    @Test
    void waitsForTheGraceBeforeClosingAndCountsOnlyReadingsBeyondItAsLate() {
        List<Reading> input = List.of(
                r(0, "A", 1, 0.9, 1),
                r(0, "A", 2, 0.9, 12),
                r(0, "B", 1, 0.9, 8),
                r(0, "B", 2, 0.9, 16),
                r(0, "D", 1, 0.9, 3),
                r(0, "A", 1, 0.0, 24),
                r(0, "C", 1, 0.5, 26));

        Replay replay = IntervalReplay.replay(input, SCORER, 10, 5);

        assertThat(replay.alertsByDevice()).isEqualTo(Map.of(
                "A", List.of(s(ATTENTION, 1, 1), s(RECOVERY, 24, 1)),
                "B", List.of(s(ATTENTION, 8, 1)),
                "D", List.of(s(ATTENTION, 3, 1))));
        assertThat(replay.late()).isEqualTo(1);
        assertThat(replay.byRule1()).as("A at 12, B at 16, A at 24").isEqualTo(3);
        assertThat(replay.byRule2()).as("B and D with [10,20) at 26").isEqualTo(2);
        assertThat(replay.atEnd()).as("A and C with [20,30)").isEqualTo(2);
        assertThat(replay.alertsAtEnd()).isEqualTo(1);
        assertThat(replay.intervals()).isEqualTo(3);
    }

    /** Without grace, the same input closes [0,10) at stream time 12: B's reading at 8 is then late. */
    @Test
    void withoutGraceAReadingOfAClosedIntervalIsLate() {
        List<Reading> input = List.of(
                r(0, "A", 1, 0.9, 1),
                r(0, "A", 2, 0.9, 12),
                r(0, "B", 1, 0.9, 8),
                r(0, "B", 2, 0.9, 16));

        Replay replay = IntervalReplay.replay(input, SCORER, 10, 0);

        // A is scored for [0,10) by rule 1 at 12, on 0.9 + 0.5 (before that reading); B's two readings both go
        // with [10,20), scored once, at the end.
        assertThat(replay.alertsByDevice()).isEqualTo(Map.of(
                "A", List.of(s(ATTENTION, 1, 1)),
                "B", List.of(s(ATTENTION, 16, 2))));
        assertThat(replay.late()).isEqualTo(1);
        assertThat(replay.byRule1()).isEqualTo(1);
        assertThat(replay.byRule2()).isZero();
        assertThat(replay.atEnd()).isEqualTo(2);
    }

    /** A device pending at the same end as another is scored once per interval, however many readings it got. */
    @Test
    void scoresADeviceOncePerIntervalWithItsVectorAtTheClose() {
        List<Reading> input = List.of(
                r(0, "A", 1, 0.9, 0),
                r(0, "A", 2, 0.9, 1),  // attention within the interval ...
                r(0, "A", 2, 0.1, 2),  // ... and back: scored at the close only, so no alert
                r(0, "B", 1, 0.0, 10));

        Replay replay = IntervalReplay.replay(input, SCORER, 10, 0);

        assertThat(replay.alertsByDevice()).isEmpty();
        assertThat(replay.byRule2()).isEqualTo(1);
        assertThat(replay.atEnd()).isEqualTo(1);
        assertThat(replay.tasksOpenAtEnd()).isEqualTo(1);
    }

    @Test
    void anEmptyInputHasNoAlertsAndNothingOpen() {
        Replay replay = IntervalReplay.replay(List.of(), SCORER, 10, 0);

        assertThat(replay.alertsByDevice()).isEmpty();
        assertThat(replay.tasksOpenAtEnd()).isZero();
        assertThatThrownBy(() -> IntervalReplay.replay(List.of(), SCORER, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Reading r(int partition, String device, int sensor, double value, long eventTime) {
        return new Reading(partition, device, sensor, value, eventTime);
    }

    private static Scored s(AlertKind kind, long eventTime, int events) {
        return new Scored(kind, eventTime, events);
    }
}
