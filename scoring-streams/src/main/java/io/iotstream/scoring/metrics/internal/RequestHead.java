package io.iotstream.scoring.metrics.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request line and the headers that matter here, parsed strictly (RFC 9112): CRLF line ends only, no obs-fold,
 * no whitespace before a colon, one {@code Host} (required in HTTP/1.1), one well-formed {@code Content-Length} and
 * not with {@code Transfer-Encoding}. Anything else is a 400, so that no two parsers on the way can disagree on
 * where a request ends. Request bodies are never read: a request that has one is answered and its connection
 * closed.
 *
 * @param method the method, as sent
 * @param path the raw path of the target (origin-form or absolute-form), without the query
 * @param http10 whether the request is HTTP/1.0
 * @param persistent whether the connection stays open after the response
 */
record RequestHead(String method, String path, boolean http10, boolean persistent) {

    private static final String TCHARS = "!#$%&'*+-.^_`|~";

    /** The {@code Connection} header of the response: close, keep-alive (HTTP/1.0 only), or none. */
    String responseConnection() {
        if (!persistent) {
            return "close";
        }
        return http10 ? "keep-alive" : null;
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    /**
     * Parses {@code bytes[0..length)}, a head that ends with its empty line.
     *
     * @throws BadRequestException with 400 or 505
     */
    static RequestHead parse(byte[] bytes, int length) throws BadRequestException {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r\n\r\n")) {
            throw new BadRequestException(400, "lines must end with CRLF");
        }
        String[] lines = text.substring(0, text.length() - 4).split("\r\n", -1);
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new BadRequestException(400, "lines must end with CRLF");
            }
        }
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !isToken(requestLine[0]) || !isTarget(requestLine[1])) {
            throw new BadRequestException(400, "malformed request line");
        }
        boolean http10 = version(requestLine[2]);
        Fields fields = new Fields();
        for (int i = 1; i < lines.length; i++) {
            fields.add(lines[i]);
        }
        boolean persistent = fields.check(http10);
        return new RequestHead(requestLine[0], path(requestLine[1]), http10, persistent);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = c < 0x80 && Character.isLetterOrDigit(c);
            if (!alnum && TCHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    // Visible ASCII only; a fragment has no business in a request.
    private static boolean isTarget(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '#');
    }

    /** Whether the version is HTTP/1.0 (else HTTP/1.1). */
    private static boolean version(String version) throws BadRequestException {
        if (version.equals("HTTP/1.1") || version.equals("HTTP/1.0")) {
            return version.equals("HTTP/1.0");
        }
        if (version.matches("HTTP/[0-9]\\.[0-9]")) {
            throw new BadRequestException(505, "only HTTP/1.0 and HTTP/1.1 are served");
        }
        throw new BadRequestException(400, "malformed HTTP version");
    }

    private static String path(String target) {
        String rest = target;
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int authority = lower.indexOf("//") + 2;
            int end = authority;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                end++;
            }
            rest = end < target.length() && target.charAt(end) == '/' ? target.substring(end)
                    : "/" + target.substring(end);
        }
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    // Optional whitespace is spaces and tabs only: String.strip() would also eat control characters.
    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** The header fields that decide framing and persistence. */
    private static final class Fields {
        private int hosts;
        private int contentLengths;
        private long contentLength;
        private boolean transferEncoding;
        private boolean close;
        private boolean keepAlive;

        void add(String line) throws BadRequestException {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon);
            if (!isToken(name)) {
                throw new BadRequestException(400, "malformed header field");
            }
            String value = trimOws(line.substring(colon + 1));
            if (value.chars().anyMatch(c -> c != '\t' && (c < 0x20 || c == 0x7f))) {
                throw new BadRequestException(400, "control character in header field " + name);
            }
            switch (name.toLowerCase(Locale.ROOT)) {
                case "host" -> hosts++;
                case "content-length" -> contentLength(value);
                case "transfer-encoding" -> transferEncoding = true;
                case "connection" -> connection(value);
                default -> {
                    // not needed to frame or route the request
                }
            }
        }

        /** Checks the fields together; returns whether the connection may stay open. */
        boolean check(boolean http10) throws BadRequestException {
            if (hosts > 1 || (hosts == 0 && !http10)) {
                throw new BadRequestException(400, "exactly one Host header is required");
            }
            if (transferEncoding && contentLengths > 0) {
                throw new BadRequestException(400, "both Content-Length and Transfer-Encoding");
            }
            boolean body = transferEncoding || contentLength > 0;
            return !body && !close && (!http10 || keepAlive);
        }

        private void contentLength(String value) throws BadRequestException {
            if (++contentLengths > 1 || !value.matches("[0-9]{1,18}")) {
                throw new BadRequestException(400, "malformed or repeated Content-Length");
            }
            contentLength = Long.parseLong(value);
        }

        private void connection(String value) {
            for (String option : value.split(",")) {
                String token = trimOws(option);
                close |= token.equalsIgnoreCase("close");
                keepAlive |= token.equalsIgnoreCase("keep-alive");
            }
        }
    }
}
