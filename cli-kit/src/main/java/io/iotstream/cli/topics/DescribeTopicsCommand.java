package io.iotstream.cli.topics;

import io.iotstream.cli.ExitCode;
import io.iotstream.schemas.kafka.TopicSpec;
import io.iotstream.schemas.registry.CompatibilityLevel;
import io.iotstream.schemas.registry.SchemaNotFoundException;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
        Optional<String> url = registryUrl();
        if (url.isPresent()) {
            Map<String, Object> registrySettings = new java.util.HashMap<>(settings);
            registrySettings.remove(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
            try (SchemaRegistryClient client = registryClient(url.get(), registrySettings)) {
                layout.names().forEach((spec, name) -> {
                    if (spec.avroValue() != null) {
                        out.println("subject " + TopicSpec.valueSubject(name) + " (" + spec.role() + "): "
                                + subject(client, spec, name));
                    }
                });
            }
        }
        return ExitCode.OK;
    }

    private static String subject(SchemaRegistryClient client, TopicSpec spec, String topic) {
        String subject = TopicSpec.valueSubject(topic);
        String level = client.compatibility(subject).map(CompatibilityLevel::name).orElse("unknown");
        String schema;
        try {
            schema = "holds this release's schema (id "
                    + client.lookupId(subject, SpecificData.get().getSchema(spec.avroValue())) + ")";
        } catch (SchemaNotFoundException e) {
            schema = "does not hold this release's schema";
        }
        return "compatibility " + level + ", " + schema;
    }
}
