package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The topics Job's script (base/topics-job.yaml, kafka-topics.sh in a shell) cannot read the topic catalogue, so
 * this test holds it to it: every topic a deployment needs is created, under the name the scorer is configured with,
 * with the catalogue's partitions, replication and settings.
 */
class TopicsJobTest {

    /** The scorer's setting (its environment variable in the ConfigMaps) that names each catalogue topic. */
    private static final Map<String, String> TOPIC_VARIABLES = Map.of(
            "IOTSTREAM_INPUT_TOPIC", TopicCatalogue.READINGS.role(),
            "IOTSTREAM_ALERTS_TOPIC", TopicCatalogue.ALERTS.role(),
            "IOTSTREAM_ERROR_TOPIC", TopicCatalogue.DEAD_LETTERS.role(),
            "IOTSTREAM_MODEL_EVENTS_TOPIC", TopicCatalogue.MODEL_EVENTS.role());

    /** A create line of the script, its words after the topic. */
    private record Create(String topicVariable, String partitions, Map<String, String> configs) {
    }

    @Test
    void theJobCreatesEveryRequiredTopicAsTheCatalogueHasIt() {
        Map<String, String> env = Manifests.envFile(Manifests.dir().resolve("base").resolve("topics.env"));
        Map<String, Create> creates = creates();
        assertThat(env).containsEntry("REPLICATION_FACTOR", String.valueOf(TopicCatalogue.REPLICATION_FACTOR));

        for (TopicSpec spec : TopicCatalogue.all()) {
            String variable = TOPIC_VARIABLES.entrySet().stream().filter(e -> e.getValue().equals(spec.role()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (variable == null) {
                assertThat(spec.required()).as("the Job creates every required topic; %s is missing",
                        spec.role()).isFalse();
                continue;
            }
            Create create = creates.get(variable);
            assertThat(create).as("a create line for %s ($%s)", spec.role(), variable).isNotNull();
            assertThat(env.get(variable)).as("base name of %s", spec.role()).isEqualTo(spec.defaultName());
            if (spec.partitions() == TopicSpec.SAME_AS_READINGS) {
                assertThat(create.partitions()).as("%s is partitioned like the readings", spec.role())
                        .isEqualTo("$INPUT_PARTITIONS");
            } else {
                String partitions = create.partitions().startsWith("$")
                        ? env.get(create.partitions().substring(1)) : create.partitions();
                assertThat(partitions).as("partitions of %s", spec.role())
                        .isEqualTo(String.valueOf(spec.partitions()));
            }
            assertThat(create.configs()).as("settings of %s", spec.role())
                    .isEqualTo(new TreeMap<>(spec.configs(TopicCatalogue.REPLICATION_FACTOR)));
        }
        assertThat(creates.keySet()).as("no topic outside the catalogue").isSubsetOf(TOPIC_VARIABLES.keySet());
    }

    @Test
    void eachOverlaysScorerIsConfiguredWithTheTopicsItsJobCreates() {
        Manifests.requireRenderer();
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> objects = Manifests.render(overlay);
            Map<String, String> topics = Manifests.configMap(objects, "topics-config");
            Map<String, String> scorer = Manifests.configMap(objects, "scorer-config");
            for (String variable : TOPIC_VARIABLES.keySet()) {
                assertThat(scorer.get(variable)).as("%s: scorer's %s", overlay, variable).isNotBlank()
                        .isEqualTo(topics.get(variable));
            }
        }
    }

    /** The script's {@code create "$TOPIC" PARTITIONS --config k=v ...} lines, by topic variable. */
    private static Map<String, Create> creates() {
        JsonNode job = Manifests.parseFile(Manifests.dir().resolve("base").resolve("topics-job.yaml")).get(0);
        String script = Manifests.podSpec(job).path("containers").get(0).path("args").get(0).asText()
                .replace("\\\n", " ");
        Map<String, Create> creates = new LinkedHashMap<>();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("create \"$")) {
                continue;
            }
            Map<String, String> vars = new HashMap<>();
            TOPIC_VARIABLES.keySet().forEach(v -> vars.put(v, "$" + v));
            vars.put("INPUT_PARTITIONS", "$INPUT_PARTITIONS");
            vars.put("ERROR_PARTITIONS", "$ERROR_PARTITIONS");
            List<String> words = ShellWords.split(trimmed, vars);
            Map<String, String> configs = new TreeMap<>();
            for (int i = 3; i < words.size(); i += 2) {
                assertThat(words.get(i)).as("in: %s", trimmed).isEqualTo("--config");
                String[] kv = words.get(i + 1).split("=", 2);
                configs.put(kv[0], kv[1]);
            }
            creates.put(words.get(1).substring(1), new Create(words.get(1), words.get(2), configs));
        }
        return creates;
    }
}
