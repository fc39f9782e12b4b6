package io.iotstream.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator endpoint serves metrics and health, read-only, and nothing else. */
class OperatorEndpointSecurityTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger healthChecks = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OperatorEndpoint endpoint;

    @BeforeEach
    void start() {
        Counter.builder("iotstream_test_events").register(registry).increment(3);
        endpoint = OperatorEndpoint.start("127.0.0.1", 0, this::checked, this::checked, registry);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private Health checked() {
        healthChecks.incrementAndGet();
        return Health.up("fine");
    }

    @Test
    void shouldServeMetricsAndHealthToGetAndHead() throws Exception {
        assertThat(send("GET", "/metrics").body()).contains("iotstream_test_events_total 3.0");
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health/ready").body()).isEqualTo("UP: fine\n");
        HttpResponse<String> head = send("HEAD", "/metrics");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(send("GET", "/metrics?name[]=iotstream_test_events_total").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer404ToAnyOtherPath() throws Exception {
        for (String path : List.of("/", "/admin", "/health", "/metrics/", "/metrics/reset", "/metricsx",
                "/health/live/../../shutdown", "/health/ready/now", "/%2e%2e/etc/passwd", "/actuator/shutdown")) {
            HttpResponse<String> response = send("GET", path);
            assertThat(response.statusCode()).as("GET %s", path).isEqualTo(404);
            assertThat(send("POST", path).statusCode()).as("POST %s", path).isEqualTo(404);
        }
        assertThat(healthChecks).hasValue(0);
    }

    @Test
    void shouldAnswer405ToAnyOtherMethodAndChangeNothing() throws Exception {
        String before = send("GET", "/metrics").body();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
            for (String path : List.of("/metrics", "/health/live", "/health/ready")) {
                HttpResponse<String> response = send(method, path);
                assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
            }
        }
        assertThat(healthChecks).as("no refused request ran a check").hasValue(0);
        assertThat(send("GET", "/metrics").body()).as("no refused request changed a meter").isEqualTo(before);
        assertThat(registry.getMeters()).hasSize(1);
    }

    @Test
    void shouldListenOnlyOnTheBindAddress() throws Exception {
        List<InetAddress> others = otherLocalAddresses();
        assertThat(others).as("Linux routes all of 127/8 to the loopback interface").isNotEmpty();
        for (InetAddress other : others) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other, endpoint.port()), 2_000);
                }
            }).as("connect to %s:%d", other.getHostAddress(), endpoint.port()).isInstanceOf(ConnectException.class);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 2_000);
        }
    }

    @Test
    void shouldNameTheSettingsWhenTheAddressCannotBeBound() {
        assertThatThrownBy(() -> OperatorEndpoint.start("127.0.0.1", endpoint.port(), this::checked, this::checked,
                registry).close())
                .hasMessageContaining("http.bind.address").hasMessageContaining("127.0.0.1:" + endpoint.port());
    }

    /** Local addresses other than 127.0.0.1: 127.0.0.2 (Linux) and any non-loopback IPv4 address. */
    private static List<InetAddress> otherLocalAddresses() throws IOException {
        List<InetAddress> others = new ArrayList<>();
        if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            others.add(InetAddress.getByName("127.0.0.2"));
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    others.add(address);
                }
            }
        }
        return others;
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .method(method, method.equals("GET") || method.equals("HEAD") || method.equals("TRACE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("reset=true"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
