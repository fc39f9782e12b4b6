package io.iotstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a tiny in-test HTTP server that plays the registry and records what it is sent. */
class RestSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseSlowAnswers = new CountDownLatch(1);
    private ExecutorService executor;
    private HttpServer server;
    private String url;

    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void startFakeRegistry() throws IOException {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopFakeRegistry() throws InterruptedException {
        releaseSlowAnswers.countDown();
        server.stop(0);
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String fullPath = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), fullPath, Map.copyOf(exchange.getRequestHeaders()), body));
        String path = fullPath.replaceFirst("^/apis/ccompat/v7", "");
        if (path.startsWith("/slow")) {
            try {
                releaseSlowAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{\"id\":1}");
        } else if (path.equals("/subjects/incompatible-value/versions")) {
            respond(exchange, 409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with "
                    + "an earlier schema for subject \\\"incompatible-value\\\"\"}");
        } else if (path.equals("/config/incompatible-value")) {
            respond(exchange, 200, "{\"compatibilityLevel\":\"FULL\"}");
        } else if (path.matches("/subjects/[^/]+/versions")) {
            respond(exchange, 200, "{\"id\":7}");
        } else if (path.equals("/subjects/missing-value")) {
            respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        } else if (path.matches("/subjects/[^/]+")) {
            respond(exchange, 200, "{\"subject\":\"x\",\"version\":1,\"id\":8,\"schema\":\"\\\"string\\\"\"}");
        } else if (path.equals("/schemas/ids/7")) {
            String schema = JSON.createObjectNode().put("schema", SensorReading.getClassSchema().toString()).toString();
            respond(exchange, 200, schema);
        } else if (path.equals("/schemas/ids/9")) {
            respond(exchange, 200, "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
        } else if (path.startsWith("/schemas/ids/")) {
            respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema " + path.substring(13) + " not found\"}");
        } else {
            respond(exchange, 500, "boom");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private RestSchemaRegistryClient client(String userInfo, String... urls) {
        return new RestSchemaRegistryClient(List.of(urls).stream().map(URI::create).toList(), userInfo, TIMEOUT,
                TIMEOUT);
    }

    @Test
    void registersUnderTheSubjectWithTheSchemaRegistryContentTypeAndCachesTheId() throws IOException {
        try (RestSchemaRegistryClient client = client(null, url + "/apis/ccompat/v7/")) {
            assertThat(client.register("iot.sensor-readings.v1-value", SensorReading.getClassSchema())).isEqualTo(7);
            assertThat(client.register("iot.sensor-readings.v1-value", SensorReading.getClassSchema())).isEqualTo(7);
            // the id's schema is known from the registration: no fetch needed
            assertThat(client.schemaById(7)).isEqualTo(SensorReading.getClassSchema());
        }

        assertThat(requests).hasSize(1);
        Request request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/apis/ccompat/v7/subjects/iot.sensor-readings.v1-value/versions");
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Authorization")).isNull();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("schema").asText()).isEqualTo(SensorReading.getClassSchema().toString());
    }

    @Test
    void looksUpWithoutRegisteringAndFetchesSchemasByIdOnce() {
        try (RestSchemaRegistryClient client = client(null, url)) {
            assertThat(client.lookupId("present-value", SensorReading.getClassSchema())).isEqualTo(8);
            assertThat(client.lookupId("present-value", SensorReading.getClassSchema())).isEqualTo(8);
            assertThat(client.schemaById(7)).isEqualTo(SensorReading.getClassSchema());
            assertThat(client.schemaById(7)).isEqualTo(SensorReading.getClassSchema());
        }
        assertThat(requests).extracting(Request::method, Request::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/subjects/present-value"),
                org.assertj.core.groups.Tuple.tuple("GET", "/schemas/ids/7"));
    }

    @Test
    void sendsTheBasicAuthHeaderFromUserInfo() {
        try (RestSchemaRegistryClient client = client("svc:secret", url)) {
            client.schemaById(7);
        }
        assertThat(requests.get(0).header("Authorization")).isEqualTo("Basic c3ZjOnNlY3JldA==");
    }

    @Test
    void sendsTheBasicAuthHeaderFromTheUrlsUserInfoAndKeepsItOutOfTheRequestUrl() {
        String withUserInfo = url.replace("http://", "http://svc:s%40cret@");
        try (RestSchemaRegistryClient client = client(null, withUserInfo)) {
            client.schemaById(7);
            assertThat(client.location()).isEqualTo(url);
        }
        assertThat(requests.get(0).header("Authorization")).isEqualTo("Basic c3ZjOnNAY3JldA==");
    }

    @Test
    void serializerConfiguredLikeConfluentsSendsBasicAuthFromBasicAuthUserInfo() {
        try (AvroSerializer<SensorReading> serializer = new AvroSerializer<>()) {
            serializer.configure(Map.of("schema.registry.url", url,
                    "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", "svc:secret"), false);
            byte[] bytes = serializer.serialize("t", TestRecords.reading("dev-1", 1, 0.5, TestRecords.EVENT_TIME));
            assertThat(bytes[4]).isEqualTo((byte) 7);
        }
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/subjects/t-value/versions");
            assertThat(r.header("Authorization")).isEqualTo("Basic c3ZjOnNlY3JldA==");
        });
    }

    @Test
    void aConflictIsAnIncompatibleSchemaExceptionCarryingTheRegistrysCodeAndMessage() {
        try (RestSchemaRegistryClient client = client(null, url)) {
            assertThatThrownBy(() -> client.register("incompatible-value", SensorReading.getClassSchema()))
                    .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.errorCode()).isEqualTo(409);
                    })
                    .hasMessageContaining("incompatible with the schemas already under the subject at the subject's "
                            + "compatibility level FULL")
                    .hasMessageContaining("subject 'incompatible-value'")
                    .hasMessageContaining(url + "/subjects/incompatible-value/versions")
                    .hasMessageContaining("error_code 409: Schema being registered is incompatible");
        }
    }

    @Test
    void anUnknownIdOrUnregisteredSchemaIsSchemaNotFound() {
        try (RestSchemaRegistryClient client = client(null, url)) {
            assertThatThrownBy(() -> client.schemaById(404))
                    .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
                    .hasMessageContaining("Schema 404 not found");
            assertThatThrownBy(() -> client.lookupId("missing-value", SensorReading.getClassSchema()))
                    .isInstanceOf(SchemaNotFoundException.class);
        }
    }

    @Test
    void aNonAvroSchemaOrAServerErrorIsASchemaRegistryException() {
        // A 5xx says "not now": retriable, like no answer at all, so a reader does not file good records as bad.
        try (RestSchemaRegistryClient client = client(null, url + "/broken")) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryUnavailableException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(500))
                    .hasMessageContaining("HTTP 500");
        }
        // ... and the next URL is tried.
        try (RestSchemaRegistryClient client = client(null, url + "/broken", url)) {
            assertThat(client.schemaById(7)).isEqualTo(SensorReading.getClassSchema());
        }
        try (RestSchemaRegistryClient client = client(null, url)) {
            assertThatThrownBy(() -> client.schemaById(9))
                    .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("PROTOBUF schema, not Avro");
        }
    }

    @Test
    void anUnreachableRegistryIsAClearErrorNamingTheUrl() throws IOException {
        String unreachable = "http://127.0.0.1:" + unusedPort() + "/apis/ccompat/v7";
        try (RestSchemaRegistryClient client = client(null, unreachable)) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("Cannot reach the schema registry at " + unreachable)
                    .hasMessageContaining("ConnectException")
                    .hasMessageContaining("schema.registry.url");
        }
        try (AvroSerializer<SensorReading> serializer = new AvroSerializer<>()) {
            serializer.configure(Map.of("schema.registry.url", unreachable), false);
            assertThatThrownBy(() -> serializer.serialize("iot.sensor-readings.v1",
                    TestRecords.reading("dev-1", 1, 0.5, TestRecords.EVENT_TIME)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic 'iot.sensor-readings.v1'")
                    .hasMessageContaining("Cannot reach the schema registry at " + unreachable)
                    .hasCauseInstanceOf(SchemaRegistryUnavailableException.class);
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsAClearErrorNamingTheUrl() {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(URI.create(url + "/slow")), null,
                TIMEOUT, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("Cannot reach the schema registry at " + url + "/slow")
                    .hasMessageContaining("HttpTimeoutException");
        }
    }

    @Test
    void aDeserializerPassesRegistryUnavailabilityOnInsteadOfCallingTheRecordBad() throws IOException {
        String unreachable = "http://127.0.0.1:" + unusedPort();
        byte[] framed = {0, 0, 0, 0, 7, 2, 'a', 2};
        try (AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(SensorReading.class)) {
            deserializer.configure(Map.of("schema.registry.url", unreachable), false);
            assertThatThrownBy(() -> deserializer.deserialize("iot.sensor-readings.v1", framed))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .isNotInstanceOf(SerializationException.class);
        }
        try (AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(SensorReading.class)) {
            deserializer.configure(Map.of("schema.registry.url", url), false);
            assertThatThrownBy(() -> deserializer.deserialize("iot.sensor-readings.v1",
                    new byte[] {0, 0, 0, 1, (byte) 0x94, 2, 'a'}))
                    .as("an unknown schema id is the record's fault").isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void triesTheNextUrlWhenOneCannotBeReached() throws IOException {
        String unreachable = "http://127.0.0.1:" + unusedPort();
        try (RestSchemaRegistryClient client = client(null, unreachable, url)) {
            assertThat(client.schemaById(7)).isEqualTo(SensorReading.getClassSchema());
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
