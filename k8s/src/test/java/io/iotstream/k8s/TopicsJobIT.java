package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.settings.SettingNames;
import io.iotstream.cli.topics.TopicsCommand;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.testkit.CommandRun;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The topics Job's command run in-process, as the pod would run it: each overlay's rendered Job, its environment
 * with the ConfigMaps resolved, against a real broker and registry. Only what points at the cluster is swapped: the
 * brokers and the registry (the dev services'), the Kafka client file (the broker is plain), the replication (it
 * has one broker), the home (no local stack to fall back on) and the topic names (a suffix per run, in the Job's and
 * the scorer's environment alike, so runs sharing the broker do not meet). Every topic the overlay's scorer is
 * configured with then exists with the catalogue's partitions and settings, and a second run creates nothing: the
 * Job can run again on every apply.
 */
class TopicsJobIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String registry = ApicurioRegistry.shared().ccompatUrl();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void createsEveryTopicTheScorerUsesThenNothing(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode job = Manifests.podSpec(Manifests.find(objects, "Job", "iotstream-topics")).path("containers").get(0);
        JsonNode scorer = Manifests.podSpec(Manifests.find(objects, "Deployment", "iotstream-scorer"))
                .path("containers").get(0);
        String suffix = ".it" + UUID.randomUUID().toString().substring(0, 8);

        Map<String, String> env = withSuffix(Manifests.containerEnv(objects, job), suffix);
        env.put("IOTSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("IOTSTREAM_SCHEMA_REGISTRY_URL", registry);
        env.remove("IOTSTREAM_KAFKA_CONFIG");
        env.put("IOTSTREAM_REPLICATION_FACTOR", "1");
        env.put("IOTSTREAM_HOME", Manifests.dir().resolve("target").resolve("no-iotstream-home").toString());

        Map<TopicSpec, String> expected = scorersTopics(withSuffix(Manifests.containerEnv(objects, scorer), suffix));
        int readingsPartitions = Integer.parseInt(env.get("IOTSTREAM_INPUT_PARTITIONS"));
        String[] args = Manifests.expand(job.path("args"), env);

        CommandRun first = CommandRun.execute(TopicsCommand.newCommandLine(new TopicsCommand(env)), args);
        assertThat(first.exitCode()).as("%s: %s", overlay, first).isEqualTo(ExitCode.OK);
        assertThat(first.out()).as(first.toString())
                .contains("topics create: created " + expected.size() + ", found 0");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, TopicDescription> described = Await.until(overlay + "'s topics described", TIMEOUT,
                    () -> describe(admin, expected));
            Map<String, Config> configs = configs(admin, expected);
            expected.forEach((spec, name) -> {
                assertThat(described.get(name).partitions()).as("%s: partitions of %s (%s)", overlay, name,
                        spec.role()).hasSize(spec.partitionCount(readingsPartitions));
                spec.configs((short) 1).forEach((key, value) -> assertThat(configs.get(name).get(key).value())
                        .as("%s: %s of %s", overlay, key, name).isEqualTo(value));
            });
        }

        CommandRun again = CommandRun.execute(TopicsCommand.newCommandLine(new TopicsCommand(env)), args);
        assertThat(again.exitCode()).as("%s, run again: %s", overlay, again).isEqualTo(ExitCode.OK);
        assertThat(again.out()).as(again.toString())
                .contains("topics create: created 0, found " + expected.size());
    }

    /** The environment with every catalogue topic's name (the scorer's variables) given {@code suffix}. */
    private static Map<String, String> withSuffix(Map<String, String> env, String suffix) {
        Map<String, String> renamed = new HashMap<>(env);
        for (TopicSpec spec : TopicCatalogue.all()) {
            renamed.computeIfPresent(SettingNames.envName(spec.setting()),
                    (variable, name) -> name.isBlank() ? name : name + suffix);
        }
        return renamed;
    }

    /** The topics the scorer is configured with, as its own config class resolves its environment. */
    private static Map<TopicSpec, String> scorersTopics(Map<String, String> scorerEnv) {
        Map<String, String> env = new HashMap<>(scorerEnv);
        // The mounted file is not here; the names do not depend on it.
        env.remove("IOTSTREAM_KAFKA_CONFIG");
        ScoringConfig config = ScoringConfig.resolve(Map.of(), env, null);
        Map<TopicSpec, String> topics = new LinkedHashMap<>();
        topics.put(TopicCatalogue.READINGS, config.inputTopic());
        config.framesTopic().ifPresent(name -> topics.put(TopicCatalogue.FRAMES, name));
        topics.put(TopicCatalogue.ALERTS, config.alertsTopic());
        topics.put(TopicCatalogue.DEAD_LETTERS, config.errorTopic());
        config.modelEventsTopic().ifPresent(name -> topics.put(TopicCatalogue.MODEL_EVENTS, name));
        return topics;
    }

    /** The topics' descriptions, or null while the broker does not know one of them yet. */
    private static Map<String, TopicDescription> describe(Admin admin, Map<TopicSpec, String> topics) {
        try {
            return admin.describeTopics(topics.values()).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, Config> configs(Admin admin, Map<TopicSpec, String> topics) throws Exception {
        Map<String, Config> byName = new HashMap<>();
        List<ConfigResource> resources = topics.values().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        admin.describeConfigs(resources).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .forEach((resource, config) -> byName.put(resource.name(), config));
        return byName;
    }
}
