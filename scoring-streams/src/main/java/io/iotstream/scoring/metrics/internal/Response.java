package io.iotstream.scoring.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response with a small text body, sent with {@code Content-Length} (never chunked: bodies are small
 * and built before sending).
 *
 * @param status the status code
 * @param contentType the {@code Content-Type}
 * @param body the body, sent in UTF-8 (and omitted for {@code HEAD}, whose {@code Content-Length} is still the
 *     body's, as RFC 9110 asks)
 * @param headers further headers, e.g. {@code Allow}
 */
public record Response(int status, String contentType, String body, Map<String, String> headers) {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(400, "Bad Request"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(414, "URI Too Long"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    public Response {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be from 200 to 599: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        checkHeader("Content-Type", contentType);
        headers.forEach(Response::checkHeader);
    }

    /** A {@code text/plain} UTF-8 response. */
    public static Response text(int status, String body) {
        return new Response(status, TEXT, body, Map.of());
    }

    /** This response with one more header. */
    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }

    /**
     * The bytes on the wire.
     *
     * @param omitBody true for a {@code HEAD} request
     * @param connection the {@code Connection} header to send, or null for none
     */
    byte[] encode(boolean omitBody, String connection) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(REASONS.getOrDefault(status, "Status"))
                .append("\r\nDate: ").append(IMF_FIXDATE.format(Instant.now()))
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(content.length);
        headers.forEach((name, value) -> head.append("\r\n").append(name).append(": ").append(value));
        if (connection != null) {
            head.append("\r\nConnection: ").append(connection);
        }
        head.append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + (omitBody ? 0 : content.length));
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!omitBody) {
            out.writeBytes(content);
        }
        return out.toByteArray();
    }

    // A handler's header must not be able to end the head early or add headers of its own.
    private static void checkHeader(String name, String value) {
        if (!RequestHead.isToken(name) || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("not a valid response header: " + name);
        }
    }
}
