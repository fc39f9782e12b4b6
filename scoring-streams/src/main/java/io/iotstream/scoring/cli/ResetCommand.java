package io.iotstream.scoring.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.scoring.ScoringConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;

/**
 * {@code score reset}: makes the next run reprocess the input topics from the start, like Kafka's
 * {@code kafka-streams-application-reset}: deletes the application's committed offsets (its consumer group) and
 * internal topics (state changelogs), then its local state. All instances must be stopped.
 */
@Command(name = "reset",
        description = "Reprocess from the start: delete the application's committed offsets and state changelog "
                + "topics, and its local state. Stop every instance of the application first. Alerts already sent "
                + "stay.")
final class ResetCommand extends ScoringSubcommand {

    private static final long TIMEOUT_S = 60;

    @Override
    protected int run() throws Exception {
        ScoringConfig config = config();
        String app = config.applicationId();
        try (Admin admin = Admin.create(config.adminConfig())) {
            ConsumerGroupDescription group = null;
            try {
                group = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
                        .get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw failure("cannot describe consumer group " + app, e);
                }
            }
            if (group != null && !group.members().isEmpty()) {
                throw new ScoringCommand.CommandFailure("application " + app + " still has " + group.members().size()
                        + " running instance(s): stop every instance, then reset", null);
            }
            if (group != null && group.groupState() != GroupState.DEAD) {
                try {
                    admin.deleteConsumerGroups(List.of(app)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                    out().println("deleted the committed offsets of " + app + " (consumer group)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw failure("cannot delete consumer group " + app, e);
                    }
                }
            }
            List<String> internal = new ArrayList<>();
            for (String topic : admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS)) {
                if (topic.startsWith(app + "-") && (topic.endsWith("-changelog") || topic.endsWith("-repartition"))) {
                    internal.add(topic);
                }
            }
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                out().println("deleted internal topics " + String.join(", ", internal));
            }
        } catch (ExecutionException e) {
            throw failure("reset of " + app + " failed", e);
        }
        CleanCommand.deleteLocalState(config, out());
        out().println("reset " + app + ": the next run reprocesses " + config.inputTopic()
                + config.framesTopic().map(f -> " and " + f).orElse("") + " from the start");
        out().flush();
        return ExitCode.OK;
    }

    private static ScoringCommand.CommandFailure failure(String what, ExecutionException e) {
        return new ScoringCommand.CommandFailure(what + ": " + e.getCause().getMessage()
                + ": check --bootstrap-servers and the client settings", e);
    }
}
