package io.iotstream.schemas.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotstream.schemas.kafka.Topics;
import java.util.Objects;

/**
 * "A model version was made live": the small record a publisher writes to the compacted model-events topic
 * ({@value #DEFAULT_TOPIC}, key = model name) after promoting a version, so that every scorer instance re-reads the
 * live pointer at once instead of at its next poll. Shared by the publishers (training's {@code retrain
 * --announce}) and the scorer that reads the topic.
 *
 * <p>The value is UTF-8 JSON, so any tool can write one, e.g. with {@code kafka-console-producer
 * --property parse.key=true --property key.separator='|'}:
 * <pre>
 * sensor-failure|{"name":"sensor-failure","version":"2026.03.2","store":"s3://models/prod","checksum":"sha256:..."}
 * </pre>
 * The event is a notification, not an authority: the scorer always serves what the store's live pointer names,
 * so an old event replayed from the compacted topic can never undo a later promotion or rollback.
 *
 * @param name the model name (also the record key)
 * @param version the version made live
 * @param store the store location
 * @param checksum the artifact checksum of that version
 */
public record ModelEvent(String name, String version, String store, String checksum) {

    /** The model-events topic's default name. */
    public static final String DEFAULT_TOPIC = Topics.MODEL_EVENTS;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(checksum, "checksum");
    }

    /**
     * Parses an event value.
     *
     * @throws IllegalArgumentException if it is not a JSON object with the four string fields
     */
    public static ModelEvent parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model event is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("model event is not a JSON object");
        }
        return new ModelEvent(text(node, "name"), text(node, "version"), text(node, "store"), text(node, "checksum"));
    }

    /** The record key: the model name, so that compaction keeps the latest event per model. */
    public String key() {
        return name;
    }

    /** The event value. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.put("version", version);
        node.put("store", store);
        node.put("checksum", checksum);
        return node.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("model event has no string field '" + field
                    + "': expected {\"name\",\"version\",\"store\",\"checksum\"}");
        }
        return value.asText();
    }
}
