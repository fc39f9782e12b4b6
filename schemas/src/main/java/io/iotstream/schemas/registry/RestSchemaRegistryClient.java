package io.iotstream.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (also served by Apicurio
 * Registry at {@code /apis/ccompat/v7}), on {@link java.net.http.HttpClient}.
 *
 * <p>Uses {@code POST /subjects/{subject}/versions} to register, {@code POST /subjects/{subject}} to look
 * up, and {@code GET /schemas/ids/{id}} to fetch, with content type
 * {@value #CONTENT_TYPE}. Answers are cached both ways (schema to id per subject, id to schema) for the
 * life of the client, so the serdes' hot path never calls the registry again. Several base URLs are
 * tried in order when one cannot be reached. Thread-safe.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** The Schema Registry's media type, sent as Content-Type of every request body. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final String authorization;
    private final Duration readTimeout;
    private final HttpClient http;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Schema, Integer>> idsBySubject =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /**
     * @param baseUrls registry base URLs, e.g. {@code http://registry:8080/apis/ccompat/v7}; user info in
     *     a URL ({@code http://user:password@host}) is used for basic auth when {@code userInfo} is null
     * @param userInfo {@code user:password} for HTTP basic auth, or null
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout how long to wait for each answer
     */
    public RestSchemaRegistryClient(List<URI> baseUrls, String userInfo, Duration connectTimeout,
            Duration readTimeout) {
        if (Objects.requireNonNull(baseUrls, "baseUrls").isEmpty()) {
            throw new IllegalArgumentException("No schema registry URL given");
        }
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        String credentials = userInfo;
        List<URI> urls = new ArrayList<>();
        for (URI url : baseUrls) {
            String scheme = url.getScheme();
            if (url.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("Schema registry URL must be http(s)://host[:port][/path] or "
                        + "mock://<scope>, got '" + url + "'");
            }
            if (credentials == null && url.getRawUserInfo() != null) {
                credentials = URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            urls.add(withoutUserInfo(url));
        }
        this.baseUrls = List.copyOf(urls);
        this.authorization = credentials == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        String what = "registering " + schema.getFullName() + " under subject '" + subject + "'";
        JsonNode answer;
        try {
            answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaRequest(schema), what);
        } catch (IncompatibleSchemaException e) {
            String level = compatibilityLevel(subject);
            if (level == null) {
                throw e;
            }
            throw new IncompatibleSchemaException(e.getMessage().replace("at the subject's compatibility level,",
                    "at the subject's compatibility level " + level + ","), e.httpStatus(), e.errorCode());
        }
        int id = requireId(answer, what);
        remember(subject, schema, id);
        LOG.info("Registered {} under subject '{}' at {}: schema id {}", schema.getFullName(), subject, location(), id);
        return id;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        String what = "looking up " + schema.getFullName() + " under subject '" + subject + "'";
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaRequest(schema), what);
        int id = requireId(answer, what);
        remember(subject, schema, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String what = "fetching schema id " + id;
        JsonNode answer = call("GET", "/schemas/ids/" + id, null, what);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("Schema id " + id + " at " + location() + " is a " + type
                    + " schema, not Avro", 200, -1);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Unexpected answer from the schema registry at " + location()
                    + " when " + what + ": no 'schema' in " + answer, 200, -1);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema id " + id + " at " + location() + " is not valid Avro: "
                    + e.getMessage(), 200, -1, e);
        }
        Schema previous = schemasById.putIfAbsent(id, schema);
        LOG.debug("Fetched schema id {} ({}) from {}", id, schema.getFullName(), location());
        return previous != null ? previous : schema;
    }

    @Override
    public String location() {
        return baseUrls.size() == 1 ? baseUrls.get(0).toString() : baseUrls.toString();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end when it is unreachable.
    }

    /** The subject's (or else the global) compatibility level, for messages; null if the registry won't say. */
    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        call("PUT", "/config/" + encode(subject), "{\"compatibility\":\"" + level.name() + "\"}",
                "setting the compatibility of subject '" + subject + "' to " + level);
        LOG.info("Compatibility of subject '{}' at {}: {}", subject, location(), level);
    }

    @Override
    public Optional<CompatibilityLevel> compatibility(String subject) {
        String level = compatibilityLevel(subject);
        if (level == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CompatibilityLevel.valueOf(level.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("The schema registry at " + location() + " answered compatibility '"
                    + level + "' for subject '" + subject + "', which is not a known level", 200, -1, e);
        }
    }

    private String compatibilityLevel(String subject) {
        for (String path : List.of("/config/" + encode(subject) + "?defaultToGlobal=true", "/config")) {
            try {
                JsonNode config = call("GET", path, null, "reading the compatibility level");
                String level = config.path("compatibilityLevel").asText(config.path("compatibility").asText(""));
                if (!level.isEmpty()) {
                    return level;
                }
            } catch (SchemaRegistryException e) {
                // try the next, then give up: the level only makes the message clearer
            }
        }
        return null;
    }

    private Integer cachedId(String subject, Schema schema) {
        ConcurrentHashMap<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private static String schemaRequest(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private int requireId(JsonNode answer, String what) {
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("Unexpected answer from the schema registry at " + location()
                    + " when " + what + ": no 'id' in " + answer, 200, -1);
        }
        return id.asInt();
    }

    private JsonNode call(String method, String path, String body, String what) {
        List<String> failures = new ArrayList<>();
        Throwable lastFailure = null;
        for (URI base : baseUrls) {
            URI uri = URI.create(base + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout).header("Accept", ACCEPT);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpTimeoutException e) {
                failures.add(base + " (" + describe(e) + ")");
                lastFailure = e;
                continue;
            } catch (IOException e) {
                failures.add(base + " (" + describe(e) + ")");
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while " + what + " at " + base, e);
            }
            if (response.statusCode() / 100 == 2) {
                return parse(response.body(), uri, what);
            }
            if (unavailable(response.statusCode())) {
                // The registry is there but cannot answer now (overloaded, restarting, behind a proxy without a
                // backend): like no answer at all, try the next URL, and let the caller retry later.
                failures.add(base + " (HTTP " + response.statusCode() + ")");
                lastFailure = failure(response, method, uri, what);
                continue;
            }
            throw failure(response, method, uri, what);
        }
        String message = "Cannot reach the schema registry at " + String.join(", ", failures) + " when " + what
                + ". Check schema.registry.url and that the registry is running and reachable from here.";
        if (lastFailure instanceof SchemaRegistryException answered) {
            throw new SchemaRegistryUnavailableException(message + " Last answer: " + answered.getMessage(),
                    answered.httpStatus(), answered.errorCode(), answered);
        }
        throw new SchemaRegistryUnavailableException(message, lastFailure);
    }

    /** Statuses that say "not now" rather than "no": 408, 429 and every 5xx. */
    private static boolean unavailable(int status) {
        return status == 408 || status == 429 || status / 100 == 5;
    }

    private JsonNode parse(String text, URI uri, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("The schema registry at " + uri + " answered with something other "
                    + "than JSON when " + what + ": " + abbreviate(text), 200, -1, e);
        }
    }

    private SchemaRegistryException failure(HttpResponse<String> response, String method, URI uri, String what) {
        int status = response.statusCode();
        int errorCode = -1;
        String message = abbreviate(response.body());
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(-1);
                message = error.path("message").asText(message);
            }
        } catch (JsonProcessingException notJson) {
            // keep the raw body as the message
        }
        String answered = "the schema registry at " + uri + " answered " + method + " with HTTP " + status
                + " (error_code " + errorCode + ": " + message + ")";
        switch (status) {
            case 409:
                return new IncompatibleSchemaException("Schema is incompatible with the schemas already under the "
                        + "subject at the subject's compatibility level, when " + what + ": " + answered
                        + ". Make the change compatible (e.g. give new fields a default; see docs/schemas.md) or "
                        + "publish to a new topic version.", status, errorCode);
            case 404:
                return new SchemaNotFoundException("Not found when " + what + ": " + answered, status, errorCode);
            case 401:
            case 403:
                return new SchemaRegistryException("Not authorized when " + what + ": " + answered
                        + ". Check basic.auth.credentials.source and basic.auth.user.info.", status, errorCode);
            case 422:
                return new SchemaRegistryException("The registry rejected the schema as invalid when " + what + ": "
                        + answered, status, errorCode);
            default:
                return new SchemaRegistryException("Failed " + what + ": " + answered, status, errorCode);
        }
    }

    /** The exception chain in one line, e.g. "ConnectException: ClosedChannelException", without repeats. */
    private static String describe(Throwable e) {
        java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            parts.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage()));
        }
        return String.join(": ", parts);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutUserInfo(URI url) {
        String text = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
