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
import picocli.CommandLine.Command;

/** {@code topics check}: every way the deployment's topics and subjects differ from the catalogue. */
@Command(name = "check",
        description = {"Compares the deployment's topics and subjects with the catalogue and lists, per topic, what "
                + "differs: missing, too few partitions, replication below the requested, not compacted, "
                + "min.insync.replicas, a subject's compatibility. Changes nothing.",
                "Exit 0: all as wanted (notes are printed but do not fail); " + ExitCode.TOPICS + ": a problem; "
                        + ExitCode.UNREACHABLE + ": Kafka or the registry did not answer."})
final class CheckTopicsCommand extends TopicsSubcommand {

    @Override
    protected int run() throws CliFailure {
        TopicLayout layout = layout();
        Map<String, Object> settings = kafkaSettings();
        PrintWriter out = out();
        List<TopicDifference> all = new ArrayList<>();
        int partitions;
        String bootstrap;
        try (ClusterTopics cluster = ClusterTopics.connect(settings, timeout())) {
            Survey survey = survey(cluster, layout);
            Map<String, TopicState> states = survey.states();
            short replication = survey.replication();
            partitions = survey.partitions();
            bootstrap = cluster.bootstrapServers();
            for (Map.Entry<TopicSpec, String> topic : layout.names().entrySet()) {
                List<TopicDifference> differences = TopicRules.compare(layout.only(s -> s == topic.getKey()), states,
                        partitions, replication);
                TopicState state = states.get(topic.getValue());
                String verdict = TopicRules.anyProblem(differences) ? "PROBLEM " : "ok      ";
                out.println(verdict + topic.getValue() + " (" + topic.getKey().role() + "): "
                        + (state == null ? "missing" : TopicLines.summary(state)));
                TopicLines.printDifferences(out, differences.stream().filter(d -> state != null).toList());
                all.addAll(differences);
            }
        }
        Optional<SchemaRegistryClient> registry = openRegistry(settings);
        if (registry.isEmpty()) {
            out.println("subjects: not checked (no --schema-registry-url, IOTSTREAM_SCHEMA_REGISTRY_URL or local "
                    + "stack)");
        } else {
            try (SchemaRegistryClient client = registry.get()) {
                List<TopicDifference> subjects = new RegistrySubjects(client).check(layout);
                layout.names().forEach((spec, name) -> spec.valueSubject().ifPresent(ignored -> {
                    String subject = TopicSpec.valueSubject(name);
                    List<TopicDifference> mine = subjects.stream().filter(d -> d.subject().equals(subject)).toList();
                    out.println((TopicRules.anyProblem(mine) ? "PROBLEM " : "ok      ") + "subject " + subject + " ("
                            + spec.role() + ")");
                    TopicLines.printDifferences(out, mine);
                }));
                all.addAll(subjects);
            }
        }
        long problems = all.stream().filter(TopicDifference::isProblem).count();
        if (problems > 0) {
            out.flush();
            boolean missing = all.stream().anyMatch(d -> d.kind() == TopicDifference.Kind.MISSING);
            throw new CliFailure("topics check: " + problems + (problems == 1 ? " problem" : " problems")
                    + " (above)" + (missing ? "; create the missing topics with: "
                            + TopicsCommand.createCommand(layout, partitions, bootstrap) : ""), null, ExitCode.TOPICS);
        }
        out.println("topics check: all as the catalogue wants");
        return ExitCode.OK;
    }
}
