package io.iotstream.scoring.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.topics.TopicLayout;
import io.iotstream.cli.topics.TopicPreflight;
import io.iotstream.model.store.ModelNotFoundException;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import io.iotstream.schemas.registry.SchemaNotFoundException;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.schemas.registry.SchemaRegistryUnavailableException;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.model.ModelRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What {@code score run} makes sure of before Kafka Streams starts, each within {@code startup.timeout.ms}: Kafka
 * answers, the scorer's topics are there (else exit {@link ExitCode#TOPICS} with the command that creates them), and
 * the schema registry and the model store answer (else exit {@link ExitCode#UNREACHABLE}, naming what did not and
 * where its setting came from; a store with no model yet is fine: the scorer waits for one, not ready).
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
    static void run(ScoringConfig config, StoreOptions storeOptions, Consumer<String> warnings) throws CliFailure {
        Duration timeout = config.startupTimeout();
        TopicLayout layout = TopicLayout.fromSettings(config::getString);
        TopicPreflight.require(config.adminConfig(), layout, timeout, config.origin(ScoringConfig.BOOTSTRAP_SERVERS)
                + " (" + ScoringConfig.STARTUP_TIMEOUT_MS + ")", warnings);
        checkRegistry(config, layout, timeout);
        checkStore(config, storeOptions, timeout);
    }

    /**
     * The model store answers: its live pointer is read once. No model there yet is fine (the scorer waits for one,
     * not ready); a store that does not answer in time, or refuses, is not.
     */
    private static void checkStore(ScoringConfig config, StoreOptions storeOptions, Duration timeout)
            throws CliFailure {
        ModelRef ref = config.modelRef();
        String where = ScoringConfig.MODEL_URI + " came from " + config.origin(ScoringConfig.MODEL_URI);
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
            try (ModelStore store = ModelStores.open(ref.store(), storeOptions)) {
                store.live(ref.name());
            } catch (ModelNotFoundException none) {
                // reachable, nothing published yet
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "iotstream-store-check");
            t.setDaemon(true);
            t.start();
        });
        try {
            read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CliFailure("no answer from the model store at " + ref.store() + " within "
                    + timeout.toSeconds() + " s; " + where + " (" + ScoringConfig.STARTUP_TIMEOUT_MS
                    + "): check the endpoint (s3.endpoint) and the network", e, ExitCode.UNREACHABLE);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CliFailure("cannot read the model store at " + ref.store() + ": " + cause.getMessage()
                    + "; " + where + ": check it, the endpoint (s3.endpoint) and the credentials (AWS_*)", cause,
                    unreachable(cause) ? ExitCode.UNREACHABLE : ExitCode.FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while checking the model store", e);
        }
    }

    /** A connection that failed, rather than a store that answered no. */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getName().endsWith("SdkClientException")) {
                return true;
            }
        }
        return false;
    }

    private static void checkRegistry(ScoringConfig config, TopicLayout layout, Duration timeout)
            throws CliFailure {
        String url = config.schemaRegistryUrl();
        if (url == null || url.startsWith("mock:")) {
            return;
        }
        String subject = TopicSpec.valueSubject(layout.name(TopicCatalogue.ALERTS).orElse(config.alertsTopic()));
        try (SchemaRegistryClient registry = AvroSerdeConfig.boundedRegistryClient(config.serdeConfig(), timeout)) {
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
