package io.iotstream.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.Alert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    /** docs/schemas.md, from this module's folder (the build's working directory). */
    private static final Path DOCS = Path.of("..", "docs", "schemas.md");

    @Test
    void everyTopicHasOneRoleAndTheNameCommandsUseByDefault() {
        List<TopicSpec> all = TopicCatalogue.all();
        assertThat(all).extracting(TopicSpec::role).doesNotHaveDuplicates();
        assertThat(all).extracting(TopicSpec::defaultName).containsExactly(Topics.SENSOR_READINGS,
                Topics.SENSOR_FRAMES, Topics.ALERTS, Topics.SCORING_DEAD_LETTERS, Topics.MODEL_EVENTS);
        assertThat(TopicCatalogue.byRole("alerts").avroValue()).isEqualTo(Alert.class);
        assertThatThrownBy(() -> TopicCatalogue.byRole("nope")).hasMessageContaining("roles: [readings, frames");
    }

    @Test
    void avroValuesHaveATopicNameSubjectOthersNone() {
        assertThat(TopicCatalogue.READINGS.valueSubject()).hasValue("iot.sensor-readings.v1-value");
        assertThat(TopicCatalogue.ALERTS.valueSubject()).hasValue("iot.alerts.v1-value");
        assertThat(TopicCatalogue.DEAD_LETTERS.valueSubject()).isEmpty();
        assertThat(TopicCatalogue.MODEL_EVENTS.valueSubject()).isEmpty();
    }

    @Test
    void theScorersTopicsFollowTheReadingsPartitionsAndMinInSyncFollowsTheReplication() {
        NewTopic alerts = TopicCatalogue.ALERTS.newTopic("a", 12, (short) 3);
        assertThat(alerts.numPartitions()).isEqualTo(12);
        assertThat(alerts.replicationFactor()).isEqualTo((short) 3);
        assertThat(alerts.configs()).containsEntry("min.insync.replicas", "2");
        NewTopic events = TopicCatalogue.MODEL_EVENTS.newTopic("m", 12, (short) 1);
        assertThat(events.numPartitions()).isEqualTo(1);
        assertThat(events.configs()).containsEntry("cleanup.policy", "compact")
                .containsEntry("min.insync.replicas", "1");
        assertThat(TopicCatalogue.DEAD_LETTERS.configs(TopicCatalogue.REPLICATION_FACTOR))
                .containsEntry("retention.ms", "1209600000");
    }

    @Test
    void theDocsTableIsTheCatalogue() throws Exception {
        String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
        assertThat(docs).as("docs/schemas.md must hold this table (regenerate it from the catalogue):%n%s", table())
                .contains(table());
    }

    /** The "Topics" table of docs/schemas.md. */
    static String table() {
        StringBuilder t = new StringBuilder(
                "| role | default name | named by | key | value | subject | partitions | settings |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        for (TopicSpec spec : TopicCatalogue.all()) {
            Map<String, String> configs = spec.configs(TopicCatalogue.REPLICATION_FACTOR);
            t.append("| ").append(spec.role()).append(spec.required() ? "" : " (optional)")
                    .append(" | `").append(spec.defaultName()).append("` | `").append(spec.setting()).append("` | ")
                    .append(spec.key())
                    .append(" | ").append(spec.value())
                    .append(" | ").append(spec.valueSubject().map(s -> "`" + s + "` (" + TopicCatalogue.COMPATIBILITY
                            + ")").orElse("none"))
                    .append(" | ").append(spec == TopicCatalogue.READINGS ? "the deployment's (the scorer's unit of scale)"
                            : spec.partitions() == TopicSpec.SAME_AS_READINGS ? "as the readings"
                            : String.valueOf(spec.partitions()))
                    .append(" | ").append(configs.entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue()
                            + "`").collect(Collectors.joining(" ")))
                    .append(" |\n");
        }
        return t.toString();
    }
}
