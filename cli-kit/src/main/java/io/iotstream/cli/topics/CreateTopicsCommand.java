package io.iotstream.cli.topics;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.schemas.kafka.TopicSpec;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;

/** {@code topics create}: creates what is missing, leaves what exists as it is and says how it differs. */
@Command(name = "create",
        description = {"Creates the deployment's topics that are missing, with the catalogue's partitions, "
                + "replication and settings, and registers the Avro subjects with this release's schemas and "
                + "BACKWARD compatibility. Idempotent: says what it created and what it found.",
                "Existing topics are never changed; if one differs in a way that matters (too few partitions, "
                        + "replication, not compacted), it says how and exits " + ExitCode.TOPICS + "."})
final class CreateTopicsCommand extends TopicsSubcommand {

    @Override
    protected int run() throws CliFailure {
        TopicLayout layout = layout();
        Map<String, Object> settings = kafkaSettings();
        PrintWriter out = out();
        List<TopicDifference> problems = new ArrayList<>();
        int created;
        int found;
        try (ClusterTopics cluster = ClusterTopics.connect(settings, timeout())) {
            Survey survey = survey(cluster, layout);
            Map<String, TopicState> before = survey.states();
            short replication = survey.replication();
            int partitions = survey.partitions();
            List<NewTopic> missing = new ArrayList<>();
            layout.names().forEach((spec, name) -> {
                if (!before.containsKey(name)) {
                    missing.add(spec.newTopic(name, partitions, replication));
                }
            });
            Set<String> made = cluster.create(missing);
            Map<String, TopicState> existing = before;
            if (made.size() < missing.size()) {
                // someone else created one meanwhile: look again, so it is held to the catalogue like the others
                existing = cluster.describe(layout.names().values().stream().filter(n -> !made.contains(n)).toList());
            }
            created = made.size();
            found = layout.names().size() - created;
            for (Map.Entry<TopicSpec, String> topic : layout.names().entrySet()) {
                TopicSpec spec = topic.getKey();
                String name = topic.getValue();
                if (made.contains(name)) {
                    out.println("created " + name + " (" + spec.role() + "): "
                            + TopicLines.planned(spec, partitions, replication));
                    continue;
                }
                TopicState state = existing.get(name);
                if (state == null) {
                    problems.add(new TopicDifference(name, spec.role(), TopicDifference.Kind.MISSING,
                            TopicDifference.Severity.PROBLEM, "missing, and not created"));
                    continue;
                }
                out.println("found   " + name + " (" + spec.role() + "): " + TopicLines.summary(state));
                List<TopicDifference> differences = TopicRules.compare(layout.only(s -> s == spec), existing,
                        partitions, replication);
                TopicLines.printDifferences(out, differences);
                differences.stream().filter(TopicDifference::isProblem).forEach(problems::add);
            }
        }
        registerSubjects(layout, settings, out, problems);
        String summary = "topics create: created " + created + ", found " + found;
        if (!problems.isEmpty()) {
            out.flush();
            throw new CliFailure(summary + "; " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " (above) in what was there: create never changes an existing topic; fix it by hand "
                    + "(kafka-configs.sh, or delete and create it again) and run topics check",
                    null, ExitCode.TOPICS);
        }
        out.println(summary);
        return ExitCode.OK;
    }

    private void registerSubjects(TopicLayout layout, Map<String, Object> settings, PrintWriter out,
            List<TopicDifference> problems) {
        Optional<SchemaRegistryClient> registry = openRegistry(settings);
        if (registry.isEmpty()) {
            out.println("subjects: not registered (no --schema-registry-url, IOTSTREAM_SCHEMA_REGISTRY_URL or local "
                    + "stack): the first producer registers them, at the registry's default compatibility");
            return;
        }
        try (SchemaRegistryClient client = registry.get()) {
            for (RegistrySubjects.Outcome outcome : new RegistrySubjects(client).ensure(layout)) {
                out.println("subject " + outcome.subject() + " (" + outcome.role() + "): " + outcome.done());
                outcome.problem().ifPresent(p -> {
                    out.println("  problem: " + p.what());
                    problems.add(p);
                });
            }
        }
    }
}
