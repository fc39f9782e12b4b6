package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApicurioRegistryIT {

    private static final String CCOMPAT_JSON = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final String READING_V1 = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String READING_NEW_REQUIRED_FIELD = "{\"type\":\"record\",\"name\":\"Reading\","
            + "\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"value\",\"type\":\"double\"}]}";

    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        long t0 = System.nanoTime();
        registry = ApicurioRegistry.shared();
        System.out.printf("ApicurioRegistry %s ready in %d ms at %s%n", registry.version(),
                (System.nanoTime() - t0) / 1_000_000, registry.ccompatUrl());
    }

    @Test
    void shouldRegisterSchemaAndReturnItById() throws Exception {
        HttpResponse<String> registered = post("/subjects/t-value/versions", schemaBody(READING_V1));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        int id = JSON.readTree(registered.body()).get("id").asInt();

        HttpResponse<String> byId = get("/schemas/ids/" + id);
        assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
        JsonNode schema = JSON.readTree(JSON.readTree(byId.body()).get("schema").asText());
        assertThat(schema).isEqualTo(JSON.readTree(READING_V1));

        HttpResponse<String> versions = get("/subjects/t-value/versions");
        assertThat(JSON.readTree(versions.body()).size()).isEqualTo(1);
    }

    @Test
    void shouldUseBackwardCompatibilityGlobally() throws Exception {
        HttpResponse<String> config = get("/config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        assertThat(post("/subjects/compat-value/versions", schemaBody(READING_V1)).statusCode()).isEqualTo(200);
        // a new field without a default cannot read old data: BACKWARD rejects it
        HttpResponse<String> incompatible = post("/subjects/compat-value/versions",
                schemaBody(READING_NEW_REQUIRED_FIELD));
        assertThat(incompatible.statusCode()).as(incompatible.body()).isEqualTo(409);
    }

    @Test
    void shouldRunTheVersionItReports() throws Exception {
        assertThat(registry.baseUrl()).startsWith("http://127.0.0.1:");
        assertThat(registry.ccompatUrl()).isEqualTo(registry.baseUrl() + "/apis/ccompat/v7");
        String path = registry.version().startsWith("2.") ? "/apis/registry/v2/system/info"
                : "/apis/registry/v3/system/info";
        HttpResponse<String> info = HTTP.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(info.body()).get("version").asText()).isEqualTo(registry.version());
        if (JavaHomes.ofThisMachine().find(ApicurioRegistry.JAVA_NEEDED_BY_V3).isPresent()) {
            assertThat(registry.version()).as("a Java 21+ exists here, so the configured version should run")
                    .isEqualTo(System.getProperty("iotstream.apicurio.version", ApicurioRegistry.DEFAULT_VERSION));
        }
    }

    private static String schemaBody(String schema) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema));
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                .header("Content-Type", CCOMPAT_JSON)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                .header("Accept", CCOMPAT_JSON)
                .timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
