package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.scoring.errors.DeadLetterReason;
import io.iotstream.scoring.errors.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong or lost alerts found in review, each reproduced on the production topology: huge finite values, interval
 * mode on a backlog, records keyed by something else than their device, negative sensor numbers.
 */
class ScoringCorrectnessTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    /**
     * Glitches a sensor or a byte-swapped double produce (1e17, FLT_MAX, Double.MAX_VALUE), then normal values: each
     * score equals the one recomputed offline from the whole vector, and no alert carries a probability outside
     * [0,1]. A value whose terms overflow with opposite signs (margin NaN) is refused and changes nothing.
     */
    @Test
    void shouldScoreExactlyWhateverFiniteValuesArrive() {
        ModelArtifact model = Models.uniform("1", 4);
        LogisticScorer scorer = new LogisticScorer(model);
        Map<String, String> settings = Map.of(ScoringConfig.SCORING_MODE, "event", ScoringConfig.ALERTS_EMIT, "all");
        try (ScoringDriver d = new ScoringDriver(dir, model, settings)) {
            double[] vector = {0.5, 0.5, 0.5, 0.5};
            double flt = 3.4028234663852886e38;
            double max = Double.MAX_VALUE;
            // The last four glitches make the terms +inf and -inf: the margin is undefined and the reading refused.
            double[][] steps = {{1, 0.9}, {2, 1e17}, {2, 0.2}, {3, flt}, {3, 0.4}, {1, max}, {2, 0.7}, {1, 0.1},
                {2, -1e17}, {2, 0.3}, {1, max}, {2, max}, {3, -max}, {4, -max}, {3, 0.6}, {1, 0.8}, {2, 0.1}};
            List<Double> expected = new ArrayList<>();
            List<Boolean> decisions = new ArrayList<>();
            for (double[] step : steps) {
                int sensor = (int) step[0];
                double old = vector[sensor - 1];
                vector[sensor - 1] = step[1];
                if (Double.isNaN(scorer.margin(vector))) {
                    vector[sensor - 1] = old; // refused: nothing changes, no alert
                } else {
                    double p = scorer.probability(vector);
                    expected.add(p);
                    decisions.add(scorer.decide(p));
                }
                d.reading("d1", sensor, step[1]);
            }
            List<Alert> alerts = d.alerts();
            assertThat(alerts).hasSameSizeAs(expected);
            for (int i = 0; i < alerts.size(); i++) {
                Alert a = alerts.get(i);
                assertThat(a.getProbability()).as("alert %d", i).isBetween(0.0, 1.0)
                        .isCloseTo(expected.get(i), within(1e-12));
                assertThat(a.getAttentionNeeded()).as("alert %d", i).isEqualTo(decisions.get(i));
            }
            assertThat(d.deadLetters()).singleElement().satisfies(dl -> assertThat(header(dl, DeadLetters.REASON))
                    .isEqualTo(DeadLetterReason.VALUE_OUT_OF_RANGE.code()));
        }
    }

    @Test
    void shouldSendValuesOutsideTheConfiguredRangeToTheDeadLetterTopic() {
        Map<String, String> settings = Map.of(ScoringConfig.SCORING_MODE, "event",
                ScoringConfig.READING_VALUE_MIN, "-100", ScoringConfig.READING_VALUE_MAX, "1000");
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("1", 3), settings)) {
            d.reading("d1", 1, Double.MAX_VALUE);
            d.reading("d1", 1, -101);
            d.reading("d1", 1, 1000);
            assertThat(d.deadLetters()).hasSize(2).allSatisfy(dl -> {
                assertThat(header(dl, DeadLetters.REASON)).isEqualTo("value-out-of-range");
                assertThat(header(dl, DeadLetters.MESSAGE)).contains("reading.value.max");
            });
            assertThat(d.alerts()).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION);
            assertThat(d.metrics.errors(DeadLetterReason.VALUE_OUT_OF_RANGE)).isEqualTo(2);
        }
    }

    /**
     * Interval mode follows event time: the same readings give the same alerts whether they arrive live (wall clock
     * keeping pace with event time) or all at once as a backlog after a restart or a lag. Under the wall-clock
     * intervals of earlier releases the backlog folded into one interval and gave no alert at all.
     */
    @Test
    void shouldGiveTheSameAlertsLiveAndAsABacklog() {
        ModelArtifact model = Models.sensorOneHigh("1", 3);
        List<Object[]> input = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            // Two devices; sensor 1 wanders across 0.5, each interval (1 s) gets several readings.
            String device = "d" + (i % 2);
            double value = i % 10 < 5 ? 0.2 + 0.1 * random.nextDouble() : 0.7 + 0.1 * random.nextDouble();
            input.add(new Object[] {device, 1 + random.nextInt(3) * (i % 3 == 0 ? 0 : 1), value,
                T0.plusMillis(i * 200L)});
        }
        List<String> live;
        try (ScoringDriver d = new ScoringDriver(dir.resolve("live"), model, Map.of())) {
            long last = T0.toEpochMilli();
            live = new ArrayList<>();
            for (Object[] r : input) {
                Instant at = (Instant) r[3];
                d.advance(Duration.ofMillis(at.toEpochMilli() - last));
                last = at.toEpochMilli();
                d.reading((String) r[0], (Integer) r[1], (Double) r[2], at);
                d.alerts().forEach(a -> live.add(describe(a)));
            }
            d.endInterval();
            d.alerts().forEach(a -> live.add(describe(a)));
        }
        List<String> backlog = new ArrayList<>();
        try (ScoringDriver d = new ScoringDriver(dir.resolve("backlog"), model, Map.of())) {
            for (Object[] r : input) {
                d.reading((String) r[0], (Integer) r[1], (Double) r[2], (Instant) r[3]);
            }
            d.endInterval();
            d.alerts().forEach(a -> backlog.add(describe(a)));
        }
        assertThat(live).as("alerts live").contains("d0 ATTENTION", "d0 RECOVERY", "d1 ATTENTION", "d1 RECOVERY");
        assertThat(backlog).isEqualTo(live);
    }

    /** Rule 2: another device's later reading (stream time) scores a device that went silent in its interval. */
    @Test
    void shouldScoreASilentDeviceWhenTheTaskStreamTimePassesItsInterval() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("1", 3),
                Map.of(ScoringConfig.SCORING_IDLE_CLOSE_MS, "600000"))) {
            d.reading("quiet", 1, 0.9, T0.plusMillis(100));
            d.reading("other", 2, 0.1, T0.plusMillis(900));
            assertThat(d.alerts()).as("interval [0, 1 s) still open").isEmpty();
            d.reading("other", 2, 0.1, T0.plusMillis(1_000));
            assertThat(d.alerts()).extracting(Alert::getDeviceId, Alert::getKind, Alert::getEventsInInterval)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("quiet", AlertKind.ATTENTION, 1));
        }
    }

    /** A reading of an interval already scored is counted late and scored with the oldest interval still open. */
    @Test
    void shouldScoreALateReadingWithTheOldestOpenInterval() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("1", 3),
                Map.of(ScoringConfig.SCORING_INTERVAL_GRACE_MS, "500"))) {
            d.reading("a", 2, 0.1, T0.plusMillis(2_600));
            d.reading("b", 1, 0.9, T0.plusMillis(900)); // interval [0, 1 s) ended at 1.5 s with grace: late
            assertThat(d.metrics.late()).isEqualTo(1);
            assertThat(d.alerts()).isEmpty();
            d.reading("a", 2, 0.1, T0.plusMillis(3_500)); // closes [2 s, 3 s), where b's reading went
            assertThat(d.alerts()).extracting(Alert::getDeviceId, Alert::getKind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b", AlertKind.ATTENTION));
        }
    }

    /**
     * A record keyed by something else than its device id could sit on another partition than the device's other
     * records, in another task with a second state of the device: refused with its own reason.
     */
    @Test
    void shouldRefuseRecordsNotKeyedByTheirDeviceId() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("1", 3),
                Map.of(ScoringConfig.SCORING_MODE, "event"))) {
            d.readingKeyed("someone-else", "d1", 1, 0.9);
            d.readingKeyed(null, "d1", 1, 0.9);
            d.readingKeyed("d1", "d1", 1, 0.9);
            assertThat(d.deadLetters()).hasSize(2).allSatisfy(dl -> {
                assertThat(header(dl, DeadLetters.REASON)).isEqualTo("key-not-device-id");
                assertThat(header(dl, DeadLetters.MESSAGE)).contains("key every record by its device id");
            });
            assertThat(d.alerts()).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION);
        }
    }

    /** Only sensor -1 ends a stream (the original benchmark's marker); other negative numbers are producer bugs. */
    @Test
    void shouldTreatOnlySensorMinusOneAsAnEndMarker() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("1", 3),
                Map.of(ScoringConfig.SCORING_MODE, "event"))) {
            d.reading("d1", -1, 0);
            d.reading("d1", -2, 0);
            d.reading("d1", Integer.MIN_VALUE, 0);
            assertThat(d.metrics.endMarkers()).isEqualTo(1);
            assertThat(d.deadLetters()).hasSize(2).allSatisfy(dl -> {
                assertThat(header(dl, DeadLetters.REASON)).isEqualTo("sensor-out-of-range");
                assertThat(header(dl, DeadLetters.MESSAGE)).contains("only -1 ends a stream");
            });
        }
    }

    private static String describe(Alert a) {
        return a.getDeviceId() + " " + a.getKind();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
