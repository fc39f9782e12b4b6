package io.iotstream.model.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code live.json}. Unknown {@code pointerFormat} values are rejected, as for artifacts. */
final class LivePointerJson {

    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LivePointerJson() {
    }

    static byte[] write(LivePointer pointer) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("pointerFormat", FORMAT);
        root.put("name", pointer.name());
        root.set("live", entry(pointer.live()));
        ArrayNode previous = root.putArray("previous");
        pointer.previous().forEach(e -> previous.add(entry(e)));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write live pointer of " + pointer.name(), e);
        }
    }

    /**
     * Parses a pointer.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static LivePointer read(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode format = root.get("pointerFormat");
        if (format == null || !format.canConvertToInt() || format.intValue() != FORMAT) {
            throw new IllegalArgumentException("unsupported pointerFormat " + format + " (this version reads "
                    + FORMAT + "): upgrade the reader");
        }
        String name = text(root, "name");
        LiveEntry live = entry(required(root, "live"));
        List<LiveEntry> previous = new ArrayList<>();
        JsonNode array = root.get("previous");
        if (array != null && !array.isNull()) {
            if (!array.isArray()) {
                throw new IllegalArgumentException("'previous' is not an array");
            }
            array.forEach(node -> previous.add(entry(node)));
        }
        return new LivePointer(name, live, previous);
    }

    private static ObjectNode entry(LiveEntry e) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", e.version());
        node.put("checksum", e.checksum());
        node.put("promotedAt", e.promotedAt().toString());
        node.put("promotedBy", e.promotedBy());
        node.put("action", e.action().jsonName());
        return node;
    }

    private static LiveEntry entry(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a live entry is not a JSON object");
        }
        Instant promotedAt;
        try {
            promotedAt = Instant.parse(text(node, "promotedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("promotedAt is not an ISO-8601 instant");
        }
        return new LiveEntry(text(node, "version"), text(node, "checksum"), promotedAt, text(node, "promotedBy"),
                LiveEntry.Action.fromJson(text(node, "action")));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return value.textValue();
    }
}
