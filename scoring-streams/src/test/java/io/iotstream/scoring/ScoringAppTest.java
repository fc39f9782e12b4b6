package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.store.StoreOptions;
import io.iotstream.devservices.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance before it has a model: no Kafka Streams yet, the endpoint says why it is not ready. */
class ScoringAppTest {

    @TempDir
    Path dir;

    @Test
    void shouldBeAliveButNotReadyAndSayWhyWithoutAModel() throws Exception {
        ScoringConfig config = new ScoringConfig(Map.of(
                ScoringConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                ScoringConfig.MODEL_URI, dir.toUri() + "/" + Models.NAME,
                ScoringConfig.SCHEMA_REGISTRY_URL, "mock://app-test",
                ScoringConfig.HTTP_BIND_ADDRESS, "127.0.0.1",
                ScoringConfig.HTTP_PORT, "0",
                ScoringConfig.MODEL_POLL_INTERVAL_MS, "100"));
        HttpClient http = HttpClient.newHttpClient();
        try (ScoringApp app = ScoringApp.start(config, StoreOptions.defaults(), Clock.systemUTC())) {
            HttpResponse<String> ready = Await.until("a readiness answer naming the missing model",
                    Duration.ofSeconds(10), () -> {
                        HttpResponse<String> r = get(http, app, "/health/ready");
                        return r.body().contains("no live version") ? r : null;
                    });
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).startsWith("DOWN: no model: ").contains("promote");
            assertThat(get(http, app, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(http, app, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("iotstream_model_fetch_failures_total", "jvm_memory_used_bytes");
            assertThat(app.streams()).as("Kafka Streams waits for a model").isNull();
        }
    }

    private static HttpResponse<String> get(HttpClient http, ScoringApp app, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
