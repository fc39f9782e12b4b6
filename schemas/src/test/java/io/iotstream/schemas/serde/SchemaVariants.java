package io.iotstream.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import org.apache.avro.Schema;

/** Evolved versions of the project's schemas, as a later release might define them. */
final class SchemaVariants {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaVariants() {
    }

    /** SensorReading plus {@code unit: string = ""}: a BACKWARD-compatible addition. */
    static Schema readingWithUnit() {
        ObjectNode schema = json(SensorReading.getClassSchema());
        ((ArrayNode) schema.get("fields")).addObject()
                .put("name", "unit")
                .put("type", "string")
                .put("default", "")
                .put("doc", "Unit of the value; empty when unknown.");
        return new Schema.Parser().parse(schema.toString());
    }

    /** SensorReading with {@code value} turned into a string: incompatible. */
    static Schema readingWithStringValue() {
        ObjectNode schema = json(SensorReading.getClassSchema());
        for (JsonNode field : schema.get("fields")) {
            if (field.get("name").asText().equals("value")) {
                ((ObjectNode) field).put("type", "string");
            }
        }
        return new Schema.Parser().parse(schema.toString());
    }

    /** Alert whose AlertKind has one more symbol, MAINTENANCE. */
    static Schema alertWithMaintenanceKind() {
        ObjectNode schema = json(Alert.getClassSchema());
        for (JsonNode field : schema.get("fields")) {
            if (field.get("name").asText().equals("kind")) {
                ((ArrayNode) field.get("type").get("symbols")).add("MAINTENANCE");
            }
        }
        return new Schema.Parser().parse(schema.toString());
    }

    private static ObjectNode json(Schema schema) {
        try {
            return (ObjectNode) JSON.readTree(schema.toString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
