package io.iotstream.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.schemas.registry.CompatibilityLevel;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.testkit.CommandRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code topics create | check | describe} against a real broker (plain and SASL_SSL) and a real registry. */
class TopicsCommandIT {

    private static final Map<String, String> NO_STACK = Map.of("IOTSTREAM_HOME", "target/no-stack-here");

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String registry = ApicurioRegistry.shared().ccompatUrl();

    private static CommandRun topics(Map<String, String> env, String... args) {
        return CommandRun.execute(TopicsCommand.newCommandLine(new TopicsCommand(env)), args);
    }

    /** The flags that give this test its own topic names, so that tests sharing the broker do not meet. */
    private static List<String> names(String id) {
        return List.of("--input-topic", "it.readings." + id, "--alerts-topic", "it.alerts." + id,
                "--error-topic", "it.dlq." + id, "--model-events-topic", "it.models." + id);
    }

    private String[] args(String command, String id, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "--bootstrap-servers", kafka.bootstrapServers(),
                "--schema-registry-url", registry));
        all.addAll(names(id));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    @Test
    void createsWhatIsMissingOnceAndChecksClean() {
        String id = UUID.randomUUID().toString().substring(0, 8);

        CommandRun before = topics(NO_STACK, args("check", id, "--input-partitions", "4"));
        assertThat(before.exitCode()).as(before.err()).isEqualTo(ExitCode.TOPICS);
        assertThat(before.out()).contains("PROBLEM it.readings." + id + " (readings): missing",
                "PROBLEM it.models." + id + " (model-events): missing");
        assertThat(before.err()).contains("4 problems", "./iotstream topics create --input-topic it.readings." + id,
                "--input-partitions 4 --bootstrap-servers " + kafka.bootstrapServers());

        CommandRun create = topics(NO_STACK, args("create", id, "--input-partitions", "4"));
        assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
        assertThat(create.out())
                .contains("replication 1 (the cluster has 1 broker; production: 3)")
                .contains("created it.readings." + id + " (readings): 4 partitions, replication 1, "
                        + "min.insync.replicas=1")
                .contains("created it.alerts." + id + " (alerts): 4 partitions")
                .contains("created it.dlq." + id + " (dead-letters): 3 partitions, replication 1, "
                        + "min.insync.replicas=1 retention.ms=1209600000")
                .contains("created it.models." + id + " (model-events): 1 partition, replication 1, "
                        + "cleanup.policy=compact")
                .contains("subject it.readings." + id + "-value (readings): registered "
                        + "io.iotstream.schemas.SensorReading")
                .contains("subject it.alerts." + id + "-value (alerts): registered io.iotstream.schemas.Alert")
                .contains("topics create: created 4, found 0");
        try (SchemaRegistryClient client = SchemaRegistryClient.forUrls(List.of(registry), null,
                Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            assertThat(client.compatibility("it.alerts." + id + "-value")).hasValue(CompatibilityLevel.BACKWARD);
        }

        CommandRun again = topics(NO_STACK, args("create", id));
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("found   it.readings." + id + " (readings): 4 partitions, replication 1",
                "subject it.alerts." + id + "-value (alerts): found (id", "topics create: created 0, found 4");

        CommandRun check = topics(NO_STACK, args("check", id));
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("ok      it.alerts." + id + " (alerts): 4 partitions, replication 1",
                "ok      subject it.alerts." + id + "-value (alerts)", "topics check: all as the catalogue wants");

        CommandRun describe = topics(NO_STACK, args("describe", id));
        assertThat(describe.exitCode()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("it.models." + id + " (model-events): 1 partition, replication 1, "
                + "leaders by broker {", "cleanup.policy=compact", "subject it.readings." + id
                + "-value (readings): compatibility BACKWARD, holds this release's schema (id ");
    }

    @Test
    void listsPerTopicWhatDiffersAndNeverChangesIt() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic("it.readings." + id, 4, Map.of());
        kafka.createTopic("it.alerts." + id, 2, Map.of());
        kafka.createTopic("it.dlq." + id, 1, Map.of());
        kafka.createTopic("it.models." + id, 1, Map.of("cleanup.policy", "delete"));

        CommandRun check = topics(NO_STACK, args("check", id));
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCode.TOPICS);
        assertThat(check.out())
                .contains("ok      it.readings." + id + " (readings): 4 partitions")
                .contains("PROBLEM it.alerts." + id + " (alerts): 2 partitions",
                        "  problem: 2 partitions, but the readings topic has 4: keyed by device like the readings, "
                                + "it needs as many")
                .contains("PROBLEM it.dlq." + id, "  problem: too few partitions: 1, the catalogue wants 3",
                        "  note: retention.ms=604800000 (catalogue: 1209600000)")
                .contains("PROBLEM it.models." + id, "  problem: not compacted (cleanup.policy=delete, wants compact)");
        assertThat(check.err()).contains("topics check: 3 problems").doesNotContain("create the missing");

        CommandRun tooFew = topics(NO_STACK, args("check", id, "--input-partitions", "8"));
        assertThat(tooFew.out()).contains("PROBLEM it.readings." + id, "too few partitions: 4, requested 8");

        CommandRun create = topics(NO_STACK, args("create", id));
        assertThat(create.exitCode()).isEqualTo(ExitCode.TOPICS);
        assertThat(create.out()).contains("found   it.models." + id, "  problem: not compacted");
        assertThat(create.err()).contains("created 0, found 4; 3 problems", "create never changes an existing topic");
        CommandRun still = topics(NO_STACK, args("check", id));
        assertThat(still.out()).contains("not compacted (cleanup.policy=delete");
    }

    @Test
    void refusesAReplicationTheClusterCannotHold() {
        CommandRun run = topics(NO_STACK, args("create", UUID.randomUUID().toString().substring(0, 8),
                "--replication-factor", "3"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--replication-factor 3 but the cluster has 1 broker: lower it or add brokers");
    }

    @Test
    void namesTheBrokersThatDoNotAnswerWithinTheTimeout() {
        long start = System.nanoTime();
        CommandRun run = topics(NO_STACK, "check", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("no answer from Kafka at 127.0.0.1:1 within 2 s",
                "--bootstrap-servers, IOTSTREAM_BOOTSTRAP_SERVERS");
    }

    @Test
    void takesTheScorersVariablesForNamesAndSizes() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of("IOTSTREAM_HOME", "target/no-stack-here",
                "IOTSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "IOTSTREAM_INPUT_TOPIC", "env.readings." + id, "IOTSTREAM_ALERTS_TOPIC", "env.alerts." + id,
                "IOTSTREAM_ERROR_TOPIC", "env.dlq." + id, "IOTSTREAM_MODEL_EVENTS_TOPIC", "env.models." + id,
                "IOTSTREAM_FRAMES_TOPIC", "env.frames." + id, "IOTSTREAM_INPUT_PARTITIONS", "3");
        CommandRun run = topics(env, "create");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("created env.readings." + id + " (readings): 3 partitions",
                "created env.frames." + id + " (frames): 3 partitions", "subjects: not registered",
                "topics create: created 5, found 0");
    }

    /** A secured cluster, through the shared Kafka settings (--kafka-config): the same as a plain one. */
    @Test
    void worksAgainstASaslSslCluster() {
        KafkaBroker secured = KafkaBroker.sharedSaslSsl();
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("create", "--bootstrap-servers", secured.bootstrapServers(),
                "--kafka-config", secured.clientPropertiesFile().toString(), "--input-partitions", "2"));
        args.addAll(names(id));
        CommandRun create = topics(NO_STACK, args.toArray(String[]::new));
        assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
        assertThat(create.out()).contains("topics create: created 4, found 0");
        args.set(0, "check");
        CommandRun check = topics(NO_STACK, args.toArray(String[]::new));
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();

        CommandRun plain = topics(NO_STACK, "check", "--bootstrap-servers", secured.bootstrapServers(),
                "--timeout", "3");
        assertThat(plain.exitCode()).as(plain.err()).isNotZero();
    }
}
