package io.iotstream.cli.topics;

import io.iotstream.cli.ExitCode;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code topics describe}: what the cluster and the registry have for each of the deployment's topics. */
@Command(name = "describe",
        description = "Shows each of the deployment's topics as the cluster has it (partitions, replication, "
                + "leaders by broker, under-replicated and offline partitions, the settings that matter) and its "
                + "subject (compatibility, whether it holds this release's schema). Changes nothing.")
final class DescribeTopicsCommand extends TopicsSubcommand {

    @Override
    protected int run() {
        TopicLayout layout = layout();
        Map<String, Object> settings = kafkaSettings();
        PrintWriter out = out();
        try (ClusterTopics cluster = ClusterTopics.connect(settings, timeout())) {
            int brokers = cluster.brokers();
            Map<String, TopicState> states = cluster.describe(layout.names().values());
            out.println("Kafka " + cluster.bootstrapServers() + ": " + brokers + (brokers == 1 ? " broker" : " brokers"));
            layout.names().forEach((spec, name) -> {
                TopicState state = states.get(name);
                out.println(name + " (" + spec.role() + "): " + (state == null ? "missing"
                        : TopicLines.detail(spec, state)));
            });
        }
        Optional<SchemaRegistryClient> registry = openRegistry(settings);
        if (registry.isPresent()) {
            try (SchemaRegistryClient client = registry.get()) {
                for (RegistrySubjects.Outcome subject : new RegistrySubjects(client).describe(layout)) {
                    out.println("subject " + subject.subject() + " (" + subject.role() + "): " + subject.done());
                }
            }
        }
        return ExitCode.OK;
    }
}
