package io.iotstream.cli.topics;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What a command that reads or writes the catalogue's topics checks before it starts (the scorer, the simulator, the
 * bridge): Kafka answers within a bounded time, and its topics exist and are usable. A missing topic would otherwise
 * surface as an error that names no fix (Kafka Streams), or be auto-created with the broker's defaults (a producer).
 */
public final class TopicPreflight {

    private TopicPreflight() {
    }

    /**
     * @param clientSettings the command's Kafka client settings, {@code bootstrap.servers} included
     * @param layout the command's topics under its names
     * @param bootstrapOrigin where {@code bootstrap.servers} came from, for the message ({@code --bootstrap-servers})
     * @param warnings differences that do not stop the command (replication, retention...), one line each
     * @throws CliFailure exit {@link ExitCode#TOPICS} naming what is wrong and the {@code topics create} command that
     *     fixes it; exit {@link ExitCode#UNREACHABLE} if Kafka does not answer within {@code timeout}
     */
    public static void require(Map<String, Object> clientSettings, TopicLayout layout, Duration timeout,
            String bootstrapOrigin, Consumer<String> warnings) throws CliFailure {
        try (ClusterTopics cluster = ClusterTopics.connect(clientSettings, timeout)) {
            cluster.brokers();
            Map<String, TopicState> states = cluster.describe(layout.names().values());
            // The readings' partition count, or, for a command without the readings topic (a frames-only
            // producer), its own topic's: it is held to the readings only where it meets them.
            int partitions = layout.names().entrySet().stream()
                    .filter(e -> e.getKey().partitions() == TopicSpec.SAME_AS_READINGS)
                    .map(e -> states.get(e.getValue())).filter(Objects::nonNull).map(TopicState::partitions)
                    .findFirst().orElse(TopicCatalogue.DEFAULT_READINGS_PARTITIONS);
            // A command cannot know the replication its operator wants: it holds topics to the smallest, 1.
            List<TopicDifference> differences = TopicRules.compare(layout, states, partitions, (short) 1);
            List<TopicDifference> fatal = differences.stream().filter(d -> d.isProblem() && stops(d)).toList();
            if (!fatal.isEmpty()) {
                throw new CliFailure("not starting: " + fatal.stream().map(TopicDifference::toString)
                        .collect(Collectors.joining("; ")) + ". Create the topics with: "
                        + TopicsCommand.createCommand(layout, partitions, cluster.bootstrapServers())
                        + " (on Kubernetes: the iotstream-topics Job); " + TopicsCommand.LAUNCHER
                        + " check lists what else differs", null, ExitCode.TOPICS);
            }
            differences.stream().filter(d -> !fatal.contains(d))
                    .forEach(d -> warnings.accept("topic " + d + " (" + TopicsCommand.LAUNCHER + " check)"));
        } catch (ClusterTopics.KafkaUnavailableException e) {
            throw new CliFailure(e.getMessage() + "; bootstrap.servers came from " + bootstrapOrigin, e,
                    e.noAnswer() ? ExitCode.UNREACHABLE : ExitCode.FAILURE);
        }
    }

    /** Missing topics, partitions without a leader, frames split from their readings: the command would fail. */
    private static boolean stops(TopicDifference d) {
        return switch (d.kind()) {
            case MISSING, OFFLINE -> true;
            case CO_PARTITIONING -> d.role().equals(TopicCatalogue.FRAMES.role());
            default -> false;
        };
    }
}
