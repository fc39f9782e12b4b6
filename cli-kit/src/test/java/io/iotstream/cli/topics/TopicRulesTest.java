package io.iotstream.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.kafka.TopicCatalogue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalogue's rules for one topic, without a cluster. */
class TopicRulesTest {

    private static final TopicLayout DEFAULTS = TopicLayout.fromSettings(setting -> null);

    private static TopicState state(String name, int partitions, int replication, Map<String, String> configs) {
        return new TopicState(name, partitions, replication, 0, 0, new java.util.TreeMap<>(Map.of(1, partitions)),
                configs);
    }

    private static List<String> problems(List<TopicDifference> differences) {
        return differences.stream().filter(TopicDifference::isProblem).map(TopicDifference::what).toList();
    }

    @Test
    void aLayoutHasTheRequiredTopicsUnderTheirDefaultsAndTheOptionalOnlyWhenNamed() {
        assertThat(DEFAULTS.names().values()).containsExactly("iot.sensor-readings.v1", "iot.alerts.v1",
                "iot.scoring.dlq.v1", "iot.models.v1");
        TopicLayout scorer = TopicLayout.fromSettings(Map.of("frames.topic", "f", "model.events.topic", "")::get);
        assertThat(scorer.name(TopicCatalogue.FRAMES)).hasValue("f");
        assertThat(scorer.name(TopicCatalogue.MODEL_EVENTS)).isEmpty();
    }

    @Test
    void theFixCommandNamesOnlyWhatIsNotTheDefault() {
        TopicLayout layout = TopicLayout.fromSettings(Map.of("input.topic", "plant-7.readings",
                "frames.topic", "iot.sensor-frames.v1")::get);
        assertThat(TopicsCommand.createCommand(layout, 12, "kafka:9092")).isEqualTo("./iotstream topics create "
                + "--input-topic plant-7.readings --frames-topic iot.sensor-frames.v1 --input-partitions 12 "
                + "--bootstrap-servers kafka:9092");
    }

    @Test
    void durabilityProblemsAreProblemsAndTasteIsANote() {
        String alerts = "iot.alerts.v1";
        Map<String, TopicState> cluster = Map.of("iot.sensor-readings.v1",
                state("iot.sensor-readings.v1", 12, 3, Map.of("min.insync.replicas", "2")),
                alerts, state(alerts, 12, 3, Map.of("min.insync.replicas", "1")));
        List<TopicDifference> d = TopicRules.compare(DEFAULTS.only(s -> s != TopicCatalogue.DEAD_LETTERS
                && s != TopicCatalogue.MODEL_EVENTS), cluster, 12, (short) 3);
        assertThat(problems(d)).containsExactly(
                "min.insync.replicas=1 below 2: a write acknowledged by 1 broker is lost if it fails");

        cluster = Map.of("iot.sensor-readings.v1", state("iot.sensor-readings.v1", 12, 3,
                Map.of("min.insync.replicas", "3")), alerts, state(alerts, 12, 2, Map.of("min.insync.replicas", "3")));
        d = TopicRules.compare(DEFAULTS.only(s -> s == TopicCatalogue.READINGS || s == TopicCatalogue.ALERTS),
                cluster, 12, (short) 3);
        assertThat(problems(d)).containsExactly("replication 2 below the requested 3",
                "min.insync.replicas=3 above the replication 2: every acks=all write fails");
        assertThat(d).filteredOn(x -> !x.isProblem()).extracting(TopicDifference::what)
                .containsExactly("min.insync.replicas=3 equals the replication: writes stop while any broker is down");
    }

    @Test
    void offlineAndUnderReplicatedPartitionsAreSaid() {
        TopicState sick = new TopicState("iot.sensor-readings.v1", 6, 3, 2, 1, new java.util.TreeMap<>(Map.of(1, 5)),
                Map.of());
        List<TopicDifference> d = TopicRules.compare(DEFAULTS.only(s -> s == TopicCatalogue.READINGS),
                Map.of(sick.name(), sick), 6, (short) 3);
        assertThat(problems(d)).containsExactly("1 of 6 partitions have no leader");
        assertThat(d).extracting(TopicDifference::toString).contains(
                "iot.sensor-readings.v1 (readings): 2 of 6 partitions under-replicated (a broker down or behind)");
    }
}
