package io.iotstream.scoring.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.topics.ClusterTopics;
import io.iotstream.cli.topics.TopicDifference;
import io.iotstream.cli.topics.TopicLayout;
import io.iotstream.cli.topics.TopicRules;
import io.iotstream.cli.topics.TopicState;
import io.iotstream.cli.topics.TopicsCommand;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import io.iotstream.schemas.registry.SchemaNotFoundException;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.schemas.registry.SchemaRegistryUnavailableException;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.scoring.ScoringConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What {@code score run} makes sure of before Kafka Streams starts, each within {@code startup.timeout.ms}: Kafka
 * answers, the scorer's topics are there (else exit {@link ExitCode#TOPICS} with the command that creates them), and
 * the schema registry answers (else exit {@link ExitCode#UNREACHABLE}, naming it and where its setting came from).
 * Without it, a missing topic shows as a Kafka Streams error that names no fix, and an unreachable broker as minutes
 * of connection warnings until a task timeout.
 */
final class StartupCheck {

    private StartupCheck() {
    }

    /**
     * @param warnings differences that do not stop the scorer (replication, retention...), one line each
     * @throws CliFailure with exit code {@link ExitCode#TOPICS} or {@link ExitCode#UNREACHABLE}
     */
    static void run(ScoringConfig config, Consumer<String> warnings) throws CliFailure {
        Duration timeout = config.startupTimeout();
        TopicLayout layout = TopicLayout.fromSettings(config::getString);
        try (ClusterTopics cluster = ClusterTopics.connect(config.adminConfig(), timeout)) {
            cluster.brokers();
            Map<String, TopicState> states = cluster.describe(layout.names().values());
            TopicState input = states.get(config.inputTopic());
            int partitions = input != null ? input.partitions() : TopicCatalogue.DEFAULT_READINGS_PARTITIONS;
            // The scorer cannot know the replication its operator wants: it holds topics to the smallest, 1.
            List<TopicDifference> differences = TopicRules.compare(layout, states, partitions, (short) 1);
            List<TopicDifference> fatal = differences.stream().filter(d -> d.isProblem() && stopsTheScorer(d))
                    .toList();
            if (!fatal.isEmpty()) {
                throw new CliFailure("not starting: " + fatal.stream().map(TopicDifference::toString)
                        .collect(Collectors.joining("; ")) + ". Create the scorer's topics with: "
                        + TopicsCommand.createCommand(layout, partitions, String.join(",", config.bootstrapServers()))
                        + " (on Kubernetes: the iotstream-topics Job); " + TopicsCommand.LAUNCHER
                        + " check lists what else differs", null, ExitCode.TOPICS);
            }
            differences.stream().filter(d -> !fatal.contains(d))
                    .forEach(d -> warnings.accept("topic " + d + " (" + TopicsCommand.LAUNCHER + " check)"));
        } catch (ClusterTopics.KafkaUnavailableException e) {
            throw new CliFailure(e.getMessage() + "; " + ScoringConfig.BOOTSTRAP_SERVERS + " came from "
                    + config.origin(ScoringConfig.BOOTSTRAP_SERVERS) + " (" + ScoringConfig.STARTUP_TIMEOUT_MS + ")",
                    e, e.noAnswer() ? ExitCode.UNREACHABLE : ExitCode.FAILURE);
        }
        checkRegistry(config, layout, timeout);
    }

    /** Missing topics and frames split from their readings: the scorer would fail or score wrongly. */
    private static boolean stopsTheScorer(TopicDifference d) {
        return d.what().equals("missing") || d.role().equals(TopicCatalogue.FRAMES.role())
                || d.what().contains("no leader");
    }

    private static void checkRegistry(ScoringConfig config, TopicLayout layout, Duration timeout)
            throws CliFailure {
        String url = config.schemaRegistryUrl();
        if (url == null || url.startsWith("mock:")) {
            return;
        }
        Map<String, Object> serde = new HashMap<>(config.serdeConfig());
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        serde.put(AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG, Math.min(ms, 10_000));
        serde.put(AvroSerdeConfig.HTTP_READ_TIMEOUT_MS_CONFIG, ms);
        String subject = TopicSpec.valueSubject(layout.name(TopicCatalogue.ALERTS).orElse(config.alertsTopic()));
        try (SchemaRegistryClient registry = new AvroSerdeConfig(serde).createRegistryClient()) {
            registry.lookupId(subject, Alert.getClassSchema());
        } catch (SchemaNotFoundException answered) {
            // it answered: the serializer registers the schema on the first alert
        } catch (SchemaRegistryUnavailableException e) {
            throw new CliFailure("no answer from the schema registry at " + url + " (" + e.getMessage() + "); "
                    + ScoringConfig.SCHEMA_REGISTRY_URL + " came from " + config.origin(ScoringConfig.SCHEMA_REGISTRY_URL)
                    + ": check that it runs and that the URL is its Confluent-compatible API", e, ExitCode.UNREACHABLE);
        }
    }
}
