package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorContribution;
import io.iotstream.scoring.errors.DeadLetterReason;
import io.iotstream.scoring.errors.DeadLetters;
import io.iotstream.scoring.metrics.ScoringMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology in a TopologyTestDriver: cadence, carry-forward, transitions, errors, model swaps. */
class ScoringTopologyTest {

    @TempDir
    Path dir;

    private static final Map<String, String> EMIT_ALL = Map.of(ScoringConfig.ALERTS_EMIT, "all");
    private static final Map<String, String> EVENT_MODE = Map.of(ScoringConfig.SCORING_MODE, "event");

    @Test
    void shouldCarryEachSensorForwardAndStartUnseenSensorsAtTheNeutralValue() {
        ModelArtifact model = Models.uniform("1", 3);
        LogisticScorer scorer = new LogisticScorer(model);
        try (ScoringDriver d = new ScoringDriver(dir, model, EMIT_ALL)) {
            d.reading("d1", 1, 0.9);
            d.endInterval();
            assertThat(d.alerts()).singleElement().satisfies(a ->
                    assertThat(a.getProbability()).isCloseTo(scorer.probability(new double[] {0.9, 0.5, 0.5}),
                            within(1e-12)));

            d.reading("d1", 2, 0.1);
            d.endInterval();
            assertThat(d.alerts()).singleElement().satisfies(a ->
                    assertThat(a.getProbability()).isCloseTo(scorer.probability(new double[] {0.9, 0.1, 0.5}),
                            within(1e-12)));

            d.reading("d1", 1, 0.2);
            d.reading("d1", 3, 1.0);
            d.endInterval();
            assertThat(d.alerts()).singleElement().satisfies(a ->
                    assertThat(a.getProbability()).isCloseTo(scorer.probability(new double[] {0.2, 0.1, 1.0}),
                            within(1e-12)));
        }
    }

    @Test
    void shouldScoreOncePerIntervalOnlyTheDevicesThatReceivedEvents() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.uniform("1", 3), EMIT_ALL)) {
            d.reading("d1", 1, 0.9);
            d.reading("d1", 2, 0.9);
            d.reading("d2", 1, 0.1);
            assertThat(d.alerts()).as("nothing before the interval ends").isEmpty();

            d.endInterval();
            List<Alert> first = d.alerts();
            assertThat(first).extracting(Alert::getDeviceId).containsExactlyInAnyOrder("d1", "d2");
            assertThat(first).filteredOn(a -> a.getDeviceId().equals("d1")).singleElement()
                    .satisfies(a -> assertThat(a.getEventsInInterval()).isEqualTo(2));

            d.reading("d1", 3, 0.9);
            d.endInterval();
            assertThat(d.alerts()).extracting(Alert::getDeviceId, Alert::getEventsInInterval)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", 1));

            d.endInterval();
            assertThat(d.alerts()).as("no events, no scores").isEmpty();
            assertThat(d.metrics.readings()).isEqualTo(4);
        }
    }

    @Test
    void shouldAlertWhenADeviceEntersAndLeavesAttentionAndNotOtherwise() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), Map.of())) {
            d.reading("d1", 1, 0.9);
            d.endInterval();
            Alert attention = d.alerts.readValue();
            assertThat(attention.getKind()).isEqualTo(AlertKind.ATTENTION);
            assertThat(attention.getAttentionNeeded()).isTrue();
            assertThat(attention.getProbability()).isGreaterThan(0.5);
            assertThat(attention.getModelName()).isEqualTo(Models.NAME);
            assertThat(attention.getModelVersion()).isEqualTo("v1");
            assertThat(attention.getTopSensors()).hasSize(3);
            assertThat(attention.getTopSensors().get(0).getSensor()).isEqualTo(1);
            assertThat(attention.getTopSensors().get(0).getContribution()).isCloseTo(18.0, within(1e-9));
            assertThat(d.alerts()).isEmpty();

            d.reading("d1", 1, 0.95);
            d.reading("d1", 2, 0.3);
            d.endInterval();
            assertThat(d.alerts()).as("still in attention: no transition, no alert").isEmpty();

            d.reading("d1", 1, 0.1);
            d.endInterval();
            assertThat(d.alerts()).singleElement().satisfies(a -> {
                assertThat(a.getKind()).isEqualTo(AlertKind.RECOVERY);
                assertThat(a.getAttentionNeeded()).isFalse();
            });
            d.endInterval();
            assertThat(d.metrics.alerts(AlertKind.ATTENTION)).isEqualTo(1);
            assertThat(d.metrics.alerts(AlertKind.RECOVERY)).isEqualTo(1);
            assertThat(d.metrics.devicesAttention()).isZero();
        }
    }

    @Test
    void shouldKeepEachDevicesStateApart() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), Map.of())) {
            d.reading("d1", 1, 0.9);
            d.reading("d2", 1, 0.1);
            d.reading("d2", 2, 0.99);
            d.reading("d3", 2, 0.99);
            d.endInterval();
            assertThat(d.alerts()).extracting(Alert::getDeviceId, Alert::getKind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", AlertKind.ATTENTION));
            assertThat(d.metrics.devicesAttention()).isEqualTo(1);

            d.reading("d2", 1, 0.8);
            d.endInterval();
            assertThat(d.alerts()).extracting(Alert::getDeviceId).containsExactly("d2");
            assertThat(d.metrics.devicesAttention()).isEqualTo(2);
        }
    }

    @Test
    void shouldNameTheSensorsWithTheLargestContributionFirst() {
        Map<String, String> settings = Map.of(ScoringConfig.ALERTS_EMIT, "all", ScoringConfig.ALERTS_TOP_K, "3");
        try (ScoringDriver d = new ScoringDriver(dir, Models.uniform("1", 5), settings)) {
            d.reading("d1", 4, 0.99);
            d.reading("d1", 2, 0.8);
            d.reading("d1", 5, 0.7);
            d.endInterval();
            List<SensorContribution> top = d.alerts.readValue().getTopSensors();
            assertThat(top).extracting(SensorContribution::getSensor).containsExactly(4, 2, 5);
            assertThat(top).extracting(SensorContribution::getValue).containsExactly(0.99, 0.8, 0.7);
        }
    }

    @Test
    void shouldScoreEveryEventInEventMode() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), EVENT_MODE)) {
            d.reading("d1", 1, 0.9);
            assertThat(d.alerts()).extracting(Alert::getKind).containsExactly(AlertKind.ATTENTION);
            d.reading("d1", 2, 0.9);
            assertThat(d.alerts()).isEmpty();
            d.reading("d1", 1, 0.2);
            assertThat(d.alerts()).extracting(Alert::getKind).containsExactly(AlertKind.RECOVERY);
        }
    }

    @Test
    void shouldSendRecordsThatCannotBeScoredToTheErrorTopicWithTheReasonAndGoOn() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), Map.of())) {
            String input = d.config.inputTopic();
            d.reading("d1", 0, 0.9);                    // offset 0
            d.reading("d1", 4, 0.9);                    // offset 1
            d.reading("d1", 2, Double.NaN);             // offset 2
            d.reading("d1", 2, Double.POSITIVE_INFINITY); // offset 3
            byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
            d.rawReadings.pipeInput("d9".getBytes(StandardCharsets.UTF_8), garbage); // offset 4
            d.reading("", 1, 0.9);                      // offset 5
            d.rawReadings.pipeInput("d8".getBytes(StandardCharsets.UTF_8), (byte[]) null); // offset 6: tombstone
            d.reading("d1", -1, 0.0);                   // offset 7: end-of-stream marker, not an error
            d.frame("d2", null, 0.9, 0.1);              // frames offset 0
            d.frame("d2", null, 0.9, Double.NaN, 0.1);  // frames offset 1
            d.reading("d1", 1, 0.9);                    // offset 8: still scored
            d.endInterval();

            List<TestRecord<byte[], byte[]>> letters = d.deadLetters();
            assertThat(letters).extracting(r -> header(r.headers(), DeadLetters.REASON)).containsExactly(
                    "sensor-out-of-range", "sensor-out-of-range", "value-not-finite", "value-not-finite",
                    "undecodable", "empty-record", "empty-record", "frame-length-mismatch", "value-not-finite");
            assertThat(letters).extracting(r -> header(r.headers(), DeadLetters.SOURCE_OFFSET)).containsExactly(
                    "0", "1", "2", "3", "4", "5", "6", "0", "1");
            assertThat(letters).extracting(r -> header(r.headers(), DeadLetters.SOURCE_TOPIC)).containsExactly(
                    input, input, input, input, input, input, input, "iot.sensor-frames.v1", "iot.sensor-frames.v1");
            assertThat(letters).extracting(r -> header(r.headers(), DeadLetters.STAGE)).containsExactly(
                    "validate", "validate", "validate", "validate", "deserialize", "validate", "validate",
                    "validate", "validate");
            assertThat(letters.get(0).headers().lastHeader(DeadLetters.MESSAGE)).isNotNull();
            assertThat(header(letters.get(1).headers(), DeadLetters.MESSAGE))
                    .contains("sensor 4", "outside 1..3", Models.NAME + ":v1");
            assertThat(header(letters.get(1).headers(), DeadLetters.MODEL)).isEqualTo(Models.NAME + ":v1");
            assertThat(header(letters.get(0).headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
            TestRecord<byte[], byte[]> undecodable = letters.get(4);
            assertThat(undecodable.value()).as("the original bytes").isEqualTo(garbage);
            assertThat(undecodable.key()).isEqualTo("d9".getBytes(StandardCharsets.UTF_8));
            assertThat(letters.get(0).value()).as("original Avro bytes of a decodable record")
                    .startsWith((byte) 0).hasSizeGreaterThan(5);

            assertThat(d.alerts()).extracting(Alert::getDeviceId, Alert::getKind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", AlertKind.ATTENTION));
            assertThat(d.metrics.errors(DeadLetterReason.SENSOR_OUT_OF_RANGE)).isEqualTo(2);
            assertThat(d.metrics.errors(DeadLetterReason.VALUE_NOT_FINITE)).isEqualTo(3);
            assertThat(d.metrics.errors(DeadLetterReason.UNDECODABLE)).isEqualTo(1);
            assertThat(d.metrics.errors(DeadLetterReason.EMPTY_RECORD)).isEqualTo(2);
            assertThat(d.metrics.errors(DeadLetterReason.FRAME_LENGTH_MISMATCH)).isEqualTo(1);
            assertThat(d.metrics.endMarkers()).isEqualTo(1);
            assertThat(d.metrics.readings()).isEqualTo(1);
        }
    }

    @Test
    void shouldSwapTheModelBetweenTwoRecords() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), EVENT_MODE)) {
            d.reading("d1", 1, 0.9);
            assertThat(d.alerts()).extracting(Alert::getKind, Alert::getModelVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertKind.ATTENTION, "v1"));

            d.promoteAndAnnounce(Models.sensorOneLow("v2", 3));
            assertThat(d.models.currentId()).isEqualTo(Models.NAME + ":v2");

            d.reading("d1", 2, 0.5);  // sensor 1 is still 0.9: v2 sees no problem
            d.reading("d2", 1, 0.1);  // a new device, low sensor 1: v2 wants attention
            assertThat(d.alerts()).extracting(Alert::getDeviceId, Alert::getKind, Alert::getModelVersion)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("d1", AlertKind.RECOVERY, "v2"),
                            org.assertj.core.groups.Tuple.tuple("d2", AlertKind.ATTENTION, "v2"));
            assertThat(d.metrics.modelSwaps()).isEqualTo(1);
        }
    }

    @Test
    void shouldScoreAnIntervalWithTheModelServingAtItsEnd() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), Map.of())) {
            d.reading("d1", 1, 0.1);
            d.promoteAndAnnounce(Models.sensorOneLow("v2", 3));
            d.reading("d1", 2, 0.4);
            d.endInterval();
            assertThat(d.alerts()).extracting(Alert::getKind, Alert::getModelVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertKind.ATTENTION, "v2"));
        }
    }

    @Test
    void shouldRefuseABadModelAndKeepServingTheLastGoodOne() throws Exception {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), EVENT_MODE)) {
            // Four features where the scorer scores three.
            d.promoteAndAnnounce(Models.sensorOneHigh("v2", 4));
            assertThat(d.models.currentId()).isEqualTo(Models.NAME + ":v1");

            // Features that are not the sensor layout s1..sn.
            ModelArtifact renamed = Models.sensorOneHigh("v3", 3).toBuilder()
                    .features(new FeatureSpec(List.of("temp", "rpm", "vibration"), 0.5)).build();
            renamed = ModelArtifact.builder(Models.NAME, "v3").features(renamed.features())
                    .weights(renamed.weights()).intercept(renamed.intercept()).provenance(Models.provenance()).build();
            d.promoteAndAnnounce(renamed);
            assertThat(d.models.currentId()).isEqualTo(Models.NAME + ":v1");

            // A stored artifact changed after publication: its checksum no longer holds.
            ModelArtifact v4 = Models.sensorOneLow("v4", 3);
            d.promote(v4);
            Path json = d.storeDir.resolve(Models.NAME).resolve("versions").resolve("v4").resolve("model.json");
            Files.writeString(json, Files.readString(json).replace("-20.0", "-21.0"));
            d.modelEvents.pipeInput(Models.NAME, new io.iotstream.schemas.model.ModelEvent(Models.NAME, "v4",
                    d.storeDir.toUri().toString(), v4.checksum()).toJson());
            assertThat(d.models.currentId()).isEqualTo(Models.NAME + ":v1");

            assertThat(d.metrics.modelRefusals()).isEqualTo(3);
            assertThat(d.metrics.modelSwaps()).isZero();
            d.reading("d1", 1, 0.9);
            assertThat(d.alerts()).extracting(Alert::getModelVersion).containsExactly("v1");
        }
    }

    @Test
    void shouldIgnoreAMalformedModelEvent() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), EVENT_MODE)) {
            d.modelEvents.pipeInput(Models.NAME, "{not json");
            d.modelEvents.pipeInput("another-model", "{}");
            d.reading("d1", 1, 0.9);
            assertThat(d.alerts()).extracting(Alert::getModelVersion).containsExactly("v1");
        }
    }

    @Test
    void shouldCountLabelledFramesInTheConfusionMatrix() {
        try (ScoringDriver d = new ScoringDriver(dir, Models.sensorOneHigh("v1", 3), Map.of())) {
            d.frame("a", 1, 0.9, 0.5, 0.5);
            d.frame("b", 0, 0.9, 0.5, 0.5);
            d.frame("c", 0, 0.1, 0.5, 0.5);
            d.frame("d", 1, 0.1, 0.5, 0.5);
            d.frame("e", 1, 0.8, 0.5, 0.5);
            d.frame("f", null, 0.8, 0.5, 0.5);
            d.endInterval();
            assertThat(d.metrics.labelled(ScoringMetrics.Outcome.TP)).isEqualTo(2);
            assertThat(d.metrics.labelled(ScoringMetrics.Outcome.FP)).isEqualTo(1);
            assertThat(d.metrics.labelled(ScoringMetrics.Outcome.TN)).isEqualTo(1);
            assertThat(d.metrics.labelled(ScoringMetrics.Outcome.FN)).isEqualTo(1);
            assertThat(d.metrics.frames()).isEqualTo(6);
            assertThat(d.alerts()).extracting(Alert::getDeviceId).containsExactlyInAnyOrder("a", "b", "e", "f");
        }
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
