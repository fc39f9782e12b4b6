package io.iotstream.cli.flags;

import io.iotstream.schemas.model.ModelAnnouncer;
import io.iotstream.schemas.model.ModelEvent;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --announce} and where to: the flags of every command that can make a model version live ({@code model
 * promote}, {@code model rollback}, {@code train --promote}, {@code retrain}). Kafka client settings as every
 * IoTStream command takes them ({@link KafkaFlags}): a properties file for security settings, then
 * {@code IOTSTREAM_KAFKA_PROPERTY_*} variables, then {@code -X key=value}.
 */
public final class AnnounceFlags {

    @Option(names = "--announce",
            description = "After the version is live, send a model event (JSON, key = model name) to "
                    + "--models-topic, so running scorers swap at once instead of at their next poll.")
    boolean announce;

    @Option(names = "--models-topic", paramLabel = "<topic>", defaultValue = ModelEvent.DEFAULT_TOPIC,
            description = "With --announce: the compacted model-events topic (default: ${DEFAULT-VALUE}).")
    String topic;

    /** With --announce: where to. */
    @Mixin
    KafkaFlags kafka;

    /** Whether {@code --announce} was given. */
    public boolean enabled() {
        return announce;
    }

    /** The model-events topic. */
    public String topic() {
        return topic;
    }

    /**
     * The client settings, checked before any work: a missing broker list or an unreadable file is a usage error
     * now, not after an hour of training. Null without {@code --announce}.
     *
     * @param parsed the command's parse result: Kafka flags typed without {@code --announce} are a usage error
     *     (the same settings from the environment are not: a deployment may set them for every command)
     * @throws IllegalArgumentException naming the flag and the fix
     */
    public Map<String, Object> clientSettings(Map<String, String> env, ParseResult parsed) {
        if (!announce) {
            if (KafkaFlags.NAMES.stream().anyMatch(parsed::hasMatchedOption)) {
                throw new IllegalArgumentException("--bootstrap-servers, --kafka-config and -X go with --announce");
            }
            return null;
        }
        if (kafka.bootstrapServers().isEmpty()) {
            throw new IllegalArgumentException("--announce needs the Kafka brokers: give --bootstrap-servers "
                    + "(or IOTSTREAM_BOOTSTRAP_SERVERS)");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--models-topic is empty: give the model-events topic");
        }
        return kafka.clientSettings(Map.of(), env);
    }

    /**
     * Sends {@code event} with {@code clientSettings} (from {@link #clientSettings}) and prints where it went. The
     * version stays live whether or not the announcement reaches Kafka (the event only makes scorers look sooner;
     * they poll the pointer anyway), so a failure is a warning on {@code err}, not the command's failure.
     *
     * @return whether the event was sent
     */
    public boolean announce(Map<String, Object> clientSettings, ModelEvent event, String command, PrintWriter out,
            PrintWriter err) {
        try {
            String where = ModelAnnouncer.announce(clientSettings, topic, event);
            out.println("announced " + event.name() + ":" + event.version() + " on " + where);
            return true;
        } catch (IllegalStateException e) {
            err.println(command + ": warning: " + e.getMessage()
                    + "; scorers will find the new version at their next poll of the store");
            err.flush();
            return false;
        }
    }
}
