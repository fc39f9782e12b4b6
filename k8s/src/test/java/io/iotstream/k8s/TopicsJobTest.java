package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.settings.LayeredDefaults;
import io.iotstream.cli.settings.SettingNames;
import io.iotstream.cli.topics.TopicsCommand;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import io.iotstream.scoring.ScoringConfig;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The topics Job (base/topics-job.yaml) runs the topics command, which takes every topic's partitions, replication
 * and settings from the topic catalogue itself; what is left to hold here is the wiring: the command runs from the
 * scorer's image, reads the scorer's ConfigMap (so the scorer's topic names, brokers, registry and Kafka client file)
 * and topics-config's sizes, finds the scorer's Kafka client file where IOTSTREAM_KAFKA_CONFIG points, and the topic
 * names are written once, in scorer-config. {@link TopicsJobIT} runs the command with that environment on a broker.
 */
class TopicsJobTest {

    private static final String JOB = "iotstream-topics";
    private static final String SCORER = "iotstream-scorer";

    private static JsonNode container(List<JsonNode> objects, String kind, String name) {
        return Manifests.podSpec(Manifests.find(objects, kind, name)).path("containers").get(0);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** The scorer's variable for each catalogue topic ({@code IOTSTREAM_INPUT_TOPIC}...). */
    private static Set<String> topicVariables() {
        Set<String> variables = new TreeSet<>();
        TopicCatalogue.all().forEach(spec -> variables.add(SettingNames.envName(spec.setting())));
        return variables;
    }

    /** The create subcommand as the Job's environment configures it: every option at the value it would run with. */
    private static CommandSpec createAsConfigured(Map<String, String> env, String... args) {
        CommandLine.ParseResult parsed = TopicsCommand.newCommandLine(new TopicsCommand(env)).parseArgs(args);
        assertThat(parsed.subcommand()).as("a subcommand in %s", List.of(args)).isNotNull();
        return parsed.subcommand().commandSpec();
    }

    private static Object value(CommandSpec command, String flag) {
        OptionSpec option = command.findOption(flag);
        assertThat(option).as("%s has %s", command.qualifiedName(), flag).isNotNull();
        Object value = option.getValue();
        return value == null ? null : value.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void runsTheTopicsCommandFromTheScorersImage(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode pod = Manifests.podSpec(Manifests.find(objects, "Job", JOB));
        JsonNode topics = container(objects, "Job", JOB);
        assertThat(pod.path("containers")).as("one container").hasSize(1);
        assertThat(pod.path("initContainers").isMissingNode()).isTrue();
        assertThat(topics.path("image").asText()).as("the Job's image")
                .isEqualTo(container(objects, "Deployment", SCORER).path("image").asText());

        // The image's own java and class path (its entrypoint), with the topics command's main class.
        List<String> entrypoint = List.of(Manifests.YAML.readValue(dockerfileLine("ENTRYPOINT"), String[].class));
        assertThat(strings(topics.path("command"))).containsExactly(entrypoint.get(0), entrypoint.get(1),
                entrypoint.get(2), TopicsCommand.class.getName());
        assertThat(Modifier.isStatic(TopicsCommand.class.getMethod("main", String[].class).getModifiers())).isTrue();
        assertThat(strings(topics.path("args"))).containsExactly("create");
        Map<String, String> env = Manifests.containerEnv(objects, topics);
        assertThat(createAsConfigured(env, Manifests.expand(topics.path("args"), env)).name()).isEqualTo("create");
    }

    /** The image's lib is scoring-streams' runtime class path, which has cli-kit only if it is not test-scoped. */
    @Test
    void theScorerImageHoldsTheTopicsCommand() throws IOException {
        assertThat(dockerfileLine("COPY")).startsWith("scoring-streams/target/image-lib/ /opt/iotstream/lib/");
        String pom = Files.readString(Manifests.repo().resolve("scoring-streams/pom.xml"), StandardCharsets.UTF_8);
        Matcher dependency = Pattern.compile("<dependency>\\s*<groupId>io\\.iotstream</groupId>\\s*"
                + "<artifactId>iotstream-cli-kit</artifactId>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        assertThat(dependency.find()).as("scoring-streams depends on cli-kit").isTrue();
        assertThat(dependency.group(1)).as("the cli-kit dependency's scope").doesNotContain("<scope>test</scope>")
                .doesNotContain("<scope>provided</scope>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void takesTheScorersSettingsAndTheSizesOfTopicsConfig(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode topics = container(objects, "Job", JOB);
        JsonNode scorer = container(objects, "Deployment", SCORER);
        List<String> configMaps = topics.path("envFrom").findValuesAsText("name");
        assertThat(configMaps).hasSize(2);
        assertThat(configMaps.get(0)).as("the scorer's own ConfigMap, not a copy")
                .isEqualTo(scorer.path("envFrom").findValuesAsText("name").get(0)).startsWith("scorer-config-");
        assertThat(configMaps.get(1)).startsWith("topics-config-");

        Map<String, String> env = Manifests.containerEnv(objects, topics);
        Map<String, String> sizes = Manifests.configMap(objects, "topics-config");
        CommandSpec create = createAsConfigured(env, Manifests.expand(topics.path("args"), env));
        assertThat(sizes.keySet()).as("topics-config variables the command does not read (a typo, an old name)")
                .isSubsetOf(variablesReadBy(create));

        // What the scorer is configured with, as its own config class resolves it, is what the command is given.
        Map<String, String> scorerEnv = new HashMap<>(Manifests.containerEnv(objects, scorer));
        scorerEnv.remove("IOTSTREAM_KAFKA_CONFIG");
        ScoringConfig config = ScoringConfig.resolve(Map.of(), scorerEnv, null);
        Map<TopicSpec, String> scorerTopics = new HashMap<>();
        scorerTopics.put(TopicCatalogue.READINGS, config.inputTopic());
        scorerTopics.put(TopicCatalogue.ALERTS, config.alertsTopic());
        scorerTopics.put(TopicCatalogue.DEAD_LETTERS, config.errorTopic());
        scorerTopics.put(TopicCatalogue.MODEL_EVENTS, config.modelEventsTopic().orElse(null));
        scorerTopics.put(TopicCatalogue.FRAMES, config.framesTopic().orElse(null));
        for (TopicSpec spec : TopicCatalogue.all()) {
            String flag = SettingNames.flagName(spec.setting());
            assertThat(value(create, flag)).as("%s: the Job's %s", overlay, flag).isEqualTo(scorerTopics.get(spec));
        }
        assertThat(value(create, "--bootstrap-servers")).isEqualTo(String.join(",", config.bootstrapServers()));
        assertThat(value(create, "--schema-registry-url")).isEqualTo(scorerEnv.get("IOTSTREAM_SCHEMA_REGISTRY_URL"));
        assertThat(value(create, "--kafka-config")).isEqualTo(env.get("IOTSTREAM_KAFKA_CONFIG"))
                .isEqualTo(Manifests.containerEnv(objects, scorer).get("IOTSTREAM_KAFKA_CONFIG"));
        assertThat(value(create, "--input-partitions")).isEqualTo(sizes.get("IOTSTREAM_INPUT_PARTITIONS"));
        assertThat(value(create, "--replication-factor")).isEqualTo(sizes.get("IOTSTREAM_REPLICATION_FACTOR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void findsTheScorersKafkaClientFileWhereIotstreamKafkaConfigPoints(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        String file = Manifests.containerEnv(objects, container(objects, "Job", JOB)).get("IOTSTREAM_KAFKA_CONFIG");
        assertThat(file).isNotBlank();
        JsonNode jobVolume = volumeHolding(objects, "Job", JOB, file);
        JsonNode scorerVolume = volumeHolding(objects, "Deployment", SCORER, file);
        assertThat(jobVolume.path("secret")).as("the Job's volume at %s is the scorer's Secret, same keys", file)
                .isEqualTo(scorerVolume.path("secret"));
        assertThat(jobVolume.at("/secret/secretName").asText()).isEqualTo("iotstream-kafka");
    }

    /** The volume a workload's first container mounts (read-only) at a folder holding {@code file}, as an item. */
    private static JsonNode volumeHolding(List<JsonNode> objects, String kind, String name, String file) {
        JsonNode pod = Manifests.podSpec(Manifests.find(objects, kind, name));
        for (JsonNode mount : pod.path("containers").get(0).path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (file.startsWith(dir + "/")) {
                assertThat(mount.path("readOnly").asBoolean()).as("%s mounts %s read-only", name, dir).isTrue();
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        assertThat(volume.at("/secret/items").findValuesAsText("path"))
                                .as("%s: the Secret's items", name).contains(file.substring(dir.length() + 1));
                        return volume;
                    }
                }
            }
        }
        throw new AssertionError(name + " mounts no volume holding " + file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void runsAsTheScorerImageExpects(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode pod = Manifests.podSpec(Manifests.find(objects, "Job", JOB));
        JsonNode scorerPod = Manifests.podSpec(Manifests.find(objects, "Deployment", SCORER));
        assertThat(pod.at("/securityContext/runAsUser").asInt()).as("the image's user")
                .isEqualTo(scorerPod.at("/securityContext/runAsUser").asInt());
        JsonNode topics = pod.path("containers").get(0);
        assertThat(topics.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        // The JVM's scratch files need a writable /tmp, and its heap follows the memory limit as the scorer's does.
        String tmpVolume = null;
        for (JsonNode mount : topics.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertThat(tmpVolume).as("a volume at /tmp").isNotNull();
        String tmp = tmpVolume;
        assertThat(pod.path("volumes")).anySatisfy(v -> {
            assertThat(v.path("name").asText()).isEqualTo(tmp);
            assertThat(v.has("emptyDir")).isTrue();
        });
        String options = Manifests.containerEnv(objects, topics).get("JAVA_TOOL_OPTIONS");
        assertThat(options).contains("-XX:MaxRAMPercentage=", "-Djava.io.tmpdir=/tmp");
        assertThat(topics.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
    }

    /** Exit 2 (settings) and 4 (a topic differs) need a person: retried, they would only delay the failure. */
    @Test
    void failsAtOnceWhenRetryingCannotHelp() {
        JsonNode job = Manifests.parseFile(Manifests.dir().resolve("base").resolve("topics-job.yaml")).get(0);
        assertThat(Manifests.podSpec(job).path("restartPolicy").asText()).as("podFailurePolicy needs Never")
                .isEqualTo("Never");
        JsonNode rules = job.at("/spec/podFailurePolicy/rules");
        assertThat(rules).hasSize(1);
        JsonNode rule = rules.get(0);
        assertThat(rule.path("action").asText()).isEqualTo("FailJob");
        assertThat(rule.at("/onExitCodes/operator").asText()).isEqualTo("In");
        assertThat(rule.at("/onExitCodes/containerName").asText())
                .isEqualTo(Manifests.podSpec(job).at("/containers/0/name").asText());
        List<Integer> codes = new ArrayList<>();
        rule.at("/onExitCodes/values").forEach(v -> codes.add(v.asInt()));
        assertThat(codes).containsExactlyInAnyOrder(ExitCode.USAGE, ExitCode.TOPICS)
                .as("Kafka or the registry not answering yet is worth a retry").doesNotContain(ExitCode.UNREACHABLE);
        assertThat(job.at("/spec/backoffLimit").asInt()).isPositive();
    }

    @Test
    void sizesTheBaseAsTheCatalogueDoes() {
        Map<String, String> env = Manifests.envFile(Manifests.dir().resolve("base").resolve("topics.env"));
        assertThat(env)
                .containsEntry("IOTSTREAM_REPLICATION_FACTOR", String.valueOf(TopicCatalogue.REPLICATION_FACTOR))
                .containsEntry("IOTSTREAM_INPUT_PARTITIONS",
                        String.valueOf(TopicCatalogue.DEFAULT_READINGS_PARTITIONS));
        assertThat(env.keySet()).as("topics.env names no topic: the scorer's scorer.env does")
                .doesNotContainAnyElementsOf(topicVariables());
    }

    /** One place for the names, scorer-config: a second list is one a rename would miss. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void namesEachTopicOnceInScorerConfig(String overlay) throws IOException {
        List<JsonNode> objects = Manifests.render(overlay);
        Map<String, String> sizes = Manifests.configMap(objects, "topics-config");
        Map<String, String> scorer = Manifests.configMap(objects, "scorer-config");
        assertThat(sizes.keySet()).as("%s: topics-config", overlay).doesNotContainAnyElementsOf(topicVariables());
        String kustomization = Files.readString(Manifests.dir().resolve("overlays").resolve(overlay)
                .resolve("kustomization.yaml"), StandardCharsets.UTF_8);
        for (String variable : topicVariables()) {
            String name = scorer.get(variable);
            if (name == null) {
                continue;
            }
            assertThat(sizes.values()).as("%s: topics-config holds topic %s", overlay, name).doesNotContain(name);
            assertThat(kustomization.split(Pattern.quote(name), -1)).as("times %s names %s", overlay, name)
                    .hasSize(2);
        }
    }

    /** The environment variables a subcommand reads for its settings ({@link LayeredDefaults}). */
    private static Set<String> variablesReadBy(CommandSpec command) {
        Set<String> variables = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            if (LayeredDefaults.isSetting(option)) {
                variables.add(SettingNames.envName(SettingNames.primaryFlag(option.names())));
            }
        }
        return variables;
    }

    /** The scorer Dockerfile's first line of an instruction, without it. */
    private static String dockerfileLine(String instruction) throws IOException {
        Path dockerfile = Manifests.dir().resolve("images").resolve("scorer").resolve("Dockerfile");
        return Files.readAllLines(dockerfile, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(instruction + " ")).findFirst()
                .map(l -> l.substring(instruction.length() + 1).strip())
                .orElseThrow(() -> new AssertionError("no " + instruction + " in " + dockerfile));
    }
}
