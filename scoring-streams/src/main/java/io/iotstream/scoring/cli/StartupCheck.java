package io.iotstream.scoring.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.topics.TopicLayout;
import io.iotstream.cli.topics.TopicPreflight;
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
import java.util.Map;
import java.util.function.Consumer;

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
        TopicPreflight.require(config.adminConfig(), layout, timeout, config.origin(ScoringConfig.BOOTSTRAP_SERVERS)
                + " (" + ScoringConfig.STARTUP_TIMEOUT_MS + ")", warnings);
        checkRegistry(config, layout, timeout);
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
                    + ScoringConfig.SCHEMA_REGISTRY_URL + " came from "
                    + config.origin(ScoringConfig.SCHEMA_REGISTRY_URL) + ": check that it runs and that the URL is "
                    + "its Confluent-compatible API", e, ExitCode.UNREACHABLE);
        }
    }
}
