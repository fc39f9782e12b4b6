package io.iotstream.model.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes audit records as JSON ({@code "auditFormat" : 1}, fields in the order of {@link AuditRecord}).
 * The format is the one {@code retrain} has written since the trail began, so records written through Hadoop's file
 * systems before the store kept the trail read the same. Unknown {@code auditFormat} values are rejected.
 */
public final class AuditJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AuditJson() {
    }

    /** The record as JSON bytes (UTF-8, indented). */
    public static byte[] write(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auditFormat", AuditRecord.FORMAT);
        m.put("name", r.name());
        m.put("version", r.version());
        m.put("checksum", r.checksum());
        m.put("decision", r.decision().name());
        m.put("by", r.by());
        m.put("at", r.at().toString());
        m.put("gate", r.gate());
        m.put("maxRegression", r.maxRegression());
        m.put("metrics", r.metrics());
        m.put("liveBefore", r.liveBefore());
        m.put("liveMetrics", r.liveMetrics());
        m.put("liveAfter", r.liveAfter());
        m.put("reasons", r.reasons());
        m.put("signedBy", r.signedBy());
        m.put("dataUri", r.dataUri());
        try {
            return MAPPER.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit record of " + r.name() + ":" + r.version(), e);
        }
    }

    /**
     * Parses a record.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static AuditRecord read(byte[] bytes) {
        JsonNode n;
        try {
            n = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable (" + e.getMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode format = n.get("auditFormat");
        if (format == null || !format.canConvertToInt() || format.intValue() != AuditRecord.FORMAT) {
            throw new IllegalArgumentException("unsupported auditFormat " + format + " (this version reads "
                    + AuditRecord.FORMAT + "): upgrade the reader");
        }
        List<String> reasons = new ArrayList<>();
        n.path("reasons").forEach(x -> reasons.add(x.asText()));
        return new AuditRecord(required(n, "name"), required(n, "version"), text(n, "checksum"), decision(n),
                required(n, "by"), at(n), text(n, "gate"), n.path("maxRegression").asDouble(),
                doubles(n.path("metrics")), text(n, "liveBefore"), doubles(n.path("liveMetrics")),
                text(n, "liveAfter"), reasons, text(n, "signedBy"), text(n, "dataUri"));
    }

    private static AuditRecord.Decision decision(JsonNode n) {
        String value = required(n, "decision");
        try {
            return AuditRecord.Decision.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown decision '" + value + "' (this version reads "
                    + List.of(AuditRecord.Decision.values()) + "): upgrade the reader");
        }
    }

    private static Instant at(JsonNode n) {
        try {
            return Instant.parse(required(n, "at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'at' is not an ISO-8601 instant");
        }
    }

    private static String required(JsonNode n, String field) {
        String value = text(n, field);
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, Double> doubles(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asDouble()));
        return m;
    }
}
