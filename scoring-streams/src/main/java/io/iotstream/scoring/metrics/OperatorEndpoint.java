package io.iotstream.scoring.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint for operators and Kubernetes probes (JDK {@code com.sun.net.httpserver}, no server dependency):
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process can work; 503 once Kafka Streams has failed for good, so
 *       that Kubernetes restarts it;
 *   <li>{@code GET /health/ready}: 200 when Kafka Streams runs and a model serves; 503 otherwise, the body says
 *       why (no model and the reason, rebalancing, starting...);
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * <p>Read-only by design, as it has no authentication: nothing else is served (any other path is 404, exactly
 * these paths, no sub-paths), only {@code GET} and {@code HEAD} are allowed (anything else is 405), and no request
 * changes anything. Bind it to an internal address ({@code http.bind.address}) where the pod network is not
 * trusted.
 */
public final class OperatorEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private OperatorEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code bindAddress:port} (port 0: any free port, see {@link #port()}).
     *
     * @throws UncheckedIOException if the address cannot be bound, naming it
     */
    public static OperatorEndpoint start(String bindAddress, int port, Supplier<Health> liveness,
            Supplier<Health> readiness, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(registry, "registry");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + " (http.bind.address, "
                    + "http.port): " + e.getMessage() + ": choose a free port, or 0 for any", e);
        }
        Map<String, HttpHandler> routes = Map.of(
                "/health/live", exchange -> health(exchange, liveness.get()),
                "/health/ready", exchange -> health(exchange, readiness.get()),
                "/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        registry.scrape()));
        // One context for everything: the JDK server matches contexts by prefix (/metrics would also answer
        // /metrics/anything), so the exact paths are checked here.
        server.createContext("/", exchange -> route(exchange, routes));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "iotstream-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new OperatorEndpoint(server, executor);
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void route(HttpExchange exchange, Map<String, HttpHandler> routes) throws IOException {
        try (exchange) {
            HttpHandler handler = routes.get(exchange.getRequestURI().getPath());
            String method = exchange.getRequestMethod();
            if (handler == null) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found: this endpoint serves only "
                        + "/health/live, /health/ready and /metrics\n");
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed: use GET\n");
            } else {
                handler.handle(exchange);
            }
        }
    }

    private static void health(HttpExchange exchange, Health health) throws IOException {
        respond(exchange, health.ok() ? 200 : 503, "text/plain; charset=utf-8",
                (health.ok() ? "UP: " : "DOWN: ") + health.detail() + "\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
