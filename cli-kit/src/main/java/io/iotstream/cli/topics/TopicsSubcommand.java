package io.iotstream.cli.topics;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.Subcommand;
import io.iotstream.cli.flags.KafkaFlags;
import io.iotstream.cli.flags.RegistryFlags;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.cli.settings.SettingNames;
import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.schemas.registry.SchemaRegistryUnavailableException;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What {@code topics create}, {@code check} and {@code describe} share: the settings and the connections. */
abstract class TopicsSubcommand extends Subcommand {

    @ParentCommand
    TopicsCommand parent;

    /** Kafka (default: the local stack's); a secured cluster's settings go in --kafka-config. */
    @Mixin
    KafkaFlags kafka;

    /** The registry (default: the local stack's); without one, subjects are left out. */
    @Mixin
    RegistryFlags registry;

    @Option(names = "--input-partitions", paramLabel = "<n>",
            description = "Partitions of the readings topic, and so of the topics keyed like it (alerts, frames): "
                    + "the most scorer stream threads that can share the work (env: IOTSTREAM_INPUT_PARTITIONS; "
                    + "default: the readings topic's if it exists, else " + TopicCatalogue.DEFAULT_READINGS_PARTITIONS
                    + ").")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "<n>",
            description = "Replicas of every partition (env: IOTSTREAM_REPLICATION_FACTOR; default: "
                    + TopicCatalogue.REPLICATION_FACTOR + ", or the number of brokers if fewer). min.insync.replicas "
                    + "is one below it, at least 1.")
    Short replicationFactor;

    @PerRun
    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "30",
            description = "How long to wait for Kafka and the registry to answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    TopicsSubcommand() {
        super(TopicsCommand.ERRORS);
    }

    @Override
    protected Exception translate(Exception e) {
        if (e instanceof ClusterTopics.KafkaUnavailableException k) {
            return new CliFailure(k.getMessage(), k, k.noAnswer() ? ExitCode.UNREACHABLE : ExitCode.FAILURE);
        }
        if (e instanceof SchemaRegistryUnavailableException r) {
            return new CliFailure(r.getMessage() + ": check --schema-registry-url (IOTSTREAM_SCHEMA_REGISTRY_URL)", r,
                    ExitCode.UNREACHABLE);
        }
        return e;
    }

    /** The deployment's topics, from the topic-name flags and their variables. */
    TopicLayout layout() {
        return TopicLayout.fromSettings(setting -> {
            OptionSpec option = spec.findOption(SettingNames.flagName(setting));
            return option == null ? null : option.getValue();
        });
    }

    Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, not " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** The Kafka client settings, bootstrap servers included (else the local stack's). */
    Map<String, Object> kafkaSettings() {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(Map.of(), parent.env));
        if (settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            String stack = LocalStackState.fromEnvironment(parent.env).bootstrapServers().orElseThrow(() ->
                    new IllegalArgumentException("--bootstrap-servers is not set and no local stack is up: pass "
                            + "--bootstrap-servers (or IOTSTREAM_BOOTSTRAP_SERVERS) or run ./iotstream stack up"));
            settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack);
        }
        return settings;
    }

    /**
     * A client for the registry given (else the local stack's), with the Kafka settings' credentials and calls
     * bounded by {@code --timeout}; empty without a registry, when subjects are left out.
     */
    Optional<SchemaRegistryClient> openRegistry(Map<String, Object> kafkaSettings) {
        Optional<String> url = registry.schemaRegistryUrl()
                .or(() -> LocalStackState.fromEnvironment(parent.env).registryUrl());
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> config = new HashMap<>(kafkaSettings);
        config.remove(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url.get());
        return Optional.of(AvroSerdeConfig.boundedRegistryClient(config, timeout()));
    }

    /** The readings' partitions: as given, else the readings topic's, else the catalogue's default. */
    int partitions(Map<String, TopicState> cluster, TopicLayout layout) {
        if (partitions != null) {
            if (partitions < 1) {
                throw new IllegalArgumentException("--input-partitions must be at least 1, not " + partitions);
            }
            return partitions;
        }
        TopicState readings = cluster.get(layout.readings());
        return readings != null ? readings.partitions() : TopicCatalogue.DEFAULT_READINGS_PARTITIONS;
    }

    /** The replication: as given (at most the brokers), else the catalogue's, or the brokers if fewer. */
    short replicationFactor(int brokers) {
        if (replicationFactor != null) {
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("--replication-factor must be at least 1, not "
                        + replicationFactor);
            }
            if (replicationFactor > brokers) {
                throw new IllegalArgumentException("--replication-factor " + replicationFactor + " but the cluster "
                        + "has " + brokers + (brokers == 1 ? " broker" : " brokers") + ": lower it or add brokers");
            }
            return replicationFactor;
        }
        return (short) Math.min(TopicCatalogue.REPLICATION_FACTOR, brokers);
    }

    /**
     * What the cluster has of the layout's topics and the sizes wanted for them.
     *
     * @param states the layout's topics that exist, by name
     * @param replication the replication asked for (or derived from the brokers)
     * @param partitions the readings' partitions asked for (or derived from the readings topic)
     */
    record Survey(Map<String, TopicState> states, short replication, int partitions) {
    }

    /** Reads the cluster's brokers and the layout's topics, settles the sizes and prints the header line saying so. */
    Survey survey(ClusterTopics cluster, TopicLayout layout) {
        int brokers = cluster.brokers();
        short replication = replicationFactor(brokers);
        Map<String, TopicState> states = cluster.describe(layout.names().values());
        int partitions = partitions(states, layout);
        String why = replicationFactor == null && replication < TopicCatalogue.REPLICATION_FACTOR
                ? " (the cluster has " + brokers + (brokers == 1 ? " broker" : " brokers") + "; production: "
                        + TopicCatalogue.REPLICATION_FACTOR + ")"
                : "";
        out().println("Kafka " + cluster.bootstrapServers() + ": " + brokers + (brokers == 1 ? " broker" : " brokers")
                + "; replication " + replication + why + ", readings partitions " + partitions);
        return new Survey(states, replication, partitions);
    }
}
