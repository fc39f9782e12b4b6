package io.iotstream.tools.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorContribution;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Formats alerts and dead letters as one line each: readable text, or JSON for scripts. Pure functions. */
public final class AlertLines {

    /** The prefix of the scorer's dead-letter headers. */
    public static final String DLQ_HEADER_PREFIX = "iotstream.dlq.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOP_SENSORS_SHOWN = 3;

    private AlertLines() {
    }

    /**
     * One readable line, e.g. {@code 2026-11-25T14:53:01.123Z ATTENTION device-17  p=0.973  ATTENTION NEEDED
     * model=sensor-failure 2  events=12  top=s3:+1.230 s7:+0.880}.
     */
    public static String text(Alert alert) {
        StringBuilder line = new StringBuilder();
        line.append(alert.getEventTime()).append(' ')
                .append(String.format(Locale.ROOT, "%-9s", alert.getKind())).append(' ')
                .append(alert.getDeviceId())
                .append(String.format(Locale.ROOT, "  p=%.3f", alert.getProbability()))
                .append(alert.getAttentionNeeded() ? "  ATTENTION NEEDED" : "  ok")
                .append("  model=").append(alert.getModelName()).append(' ').append(alert.getModelVersion())
                .append("  events=").append(alert.getEventsInInterval());
        if (!alert.getTopSensors().isEmpty()) {
            line.append("  top=");
            alert.getTopSensors().stream().limit(TOP_SENSORS_SHOWN).forEach(c -> line.append(String.format(
                    Locale.ROOT, "s%d:%+.3f ", c.getSensor(), c.getContribution())));
            line.setLength(line.length() - 1);
        }
        return line.toString();
    }

    /** The alert as one JSON object, times as ISO-8601 strings. */
    public static String json(Alert alert, String topic, int partition, long offset) {
        ObjectNode node = JSON.createObjectNode();
        node.put("deviceId", alert.getDeviceId());
        node.put("kind", alert.getKind().toString());
        node.put("probability", alert.getProbability());
        node.put("attentionNeeded", alert.getAttentionNeeded());
        node.put("modelName", alert.getModelName());
        node.put("modelVersion", alert.getModelVersion());
        node.put("eventTime", String.valueOf(alert.getEventTime()));
        node.put("scoredAt", String.valueOf(alert.getScoredAt()));
        node.put("eventsInInterval", alert.getEventsInInterval());
        ArrayNode top = node.putArray("topSensors");
        for (SensorContribution c : alert.getTopSensors()) {
            top.addObject().put("sensor", c.getSensor()).put("value", c.getValue())
                    .put("contribution", c.getContribution());
        }
        node.put("topic", topic).put("partition", partition).put("offset", offset);
        return write(node);
    }

    /** A dead letter: where it came from and why, from its {@code iotstream.dlq.*} headers. */
    public static String deadLetterText(Instant timestamp, String key, byte[] value, Headers headers, int partition,
            long offset) {
        StringBuilder line = new StringBuilder();
        line.append(timestamp).append(" DEAD-LETTER p").append(partition).append('@').append(offset)
                .append("  key=").append(key);
        dlqHeaders(headers).forEach((k, v) -> line.append("  ").append(k).append('=').append(v));
        line.append("  (").append(value == null ? 0 : value.length).append(" bytes)");
        return line.toString();
    }

    /** A dead letter as one JSON object: key, headers, size, topic/partition/offset. */
    public static String deadLetterJson(Instant timestamp, String key, byte[] value, Headers headers, String topic,
            int partition, long offset) {
        ObjectNode node = JSON.createObjectNode();
        node.put("timestamp", String.valueOf(timestamp));
        node.put("key", key);
        ObjectNode h = node.putObject("headers");
        dlqHeaders(headers).forEach(h::put);
        node.put("valueBytes", value == null ? 0 : value.length);
        node.put("topic", topic).put("partition", partition).put("offset", offset);
        return write(node);
    }

    /** A record that could not be decoded as an alert: shown, not dropped. */
    public static String undecodable(String topic, int partition, long offset, Exception e) {
        return "UNDECODABLE " + topic + " p" + partition + "@" + offset + ": " + e.getMessage();
    }

    private static Map<String, String> dlqHeaders(Headers headers) {
        Map<String, String> values = new TreeMap<>();
        for (Header header : headers) {
            if (header.key().startsWith(DLQ_HEADER_PREFIX)) {
                String v = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
                values.put(header.key().substring(DLQ_HEADER_PREFIX.length()), oneLine(v));
            }
        }
        return values;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " | ");
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
