package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A restartable registry: down between stop() and restart(), then back on the same URL with the same ids. */
class ApicurioRegistryRestartIT {

    private static final String CCOMPAT_JSON = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    @Test
    void shouldServeTheSameSchemaIdsOnTheSameUrlAfterARestart() throws Exception {
        try (ApicurioRegistry registry = ApicurioRegistry.startRestartable()) {
            String url = registry.ccompatUrl();
            HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create(url
                    + "/subjects/r-value/versions")).header("Content-Type", CCOMPAT_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            JSON.createObjectNode().put("schema", SCHEMA)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            int id = JSON.readTree(registered.body()).get("id").asInt();

            registry.stop();
            assertThatThrownBy(() -> get(url + "/schemas/ids/" + id)).as("nothing listens while stopped")
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(registry::stop).isInstanceOf(IllegalStateException.class);

            registry.restart();
            assertThat(registry.ccompatUrl()).isEqualTo(url);
            HttpResponse<String> byId = get(url + "/schemas/ids/" + id);
            assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
            assertThat(JSON.readTree(JSON.readTree(byId.body()).get("schema").asText()))
                    .isEqualTo(JSON.readTree(SCHEMA));
            assertThat(JSON.readTree(get(url + "/config").body()).get("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD");
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", CCOMPAT_JSON)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
