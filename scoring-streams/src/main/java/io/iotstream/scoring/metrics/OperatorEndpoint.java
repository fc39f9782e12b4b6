package io.iotstream.scoring.metrics;

import io.iotstream.scoring.metrics.internal.ProbeServer;
import io.iotstream.scoring.metrics.internal.Response;
import io.iotstream.scoring.metrics.internal.ServerLimits;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HTTP endpoint for operators and Kubernetes probes (a small server of its own, no server dependency):
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
 *
 * <p>It keeps answering probes while other clients stall or misbehave (half-sent requests, idle connections, floods
 * of them): a liveness probe that timed out behind them would have Kubernetes restart a healthy scorer. The JDK's
 * {@code com.sun.net.httpserver} cannot promise that on Java 17; {@link ProbeServer} says why and how.
 */
public final class OperatorEndpoint implements AutoCloseable {

    private static final String NOT_FOUND =
            "not found: this endpoint serves only /health/live, /health/ready and /metrics\n";

    private final ProbeServer server;

    private OperatorEndpoint(ProbeServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code bindAddress:port} (port 0: any free port, see {@link #port()}).
     *
     * @throws UncheckedIOException if the address cannot be bound, naming it
     */
    public static OperatorEndpoint start(String bindAddress, int port, Supplier<Health> liveness,
            Supplier<Health> readiness, PrometheusMeterRegistry registry) {
        return start(bindAddress, port, liveness, readiness, registry, ServerLimits.DEFAULT);
    }

    /** As {@link #start(String, int, Supplier, Supplier, PrometheusMeterRegistry)}, with other limits (tests). */
    static OperatorEndpoint start(String bindAddress, int port, Supplier<Health> liveness,
            Supplier<Health> readiness, PrometheusMeterRegistry registry, ServerLimits limits) {
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(registry, "registry");
        Map<String, Supplier<Response>> routes = Map.of(
                "/health/live", () -> health(liveness.get()),
                "/health/ready", () -> health(readiness.get()),
                "/metrics", () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape(),
                        Map.of()));
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        try {
            if (address.isUnresolved()) {
                throw new IOException("unresolved address");
            }
            return new OperatorEndpoint(ProbeServer.start(address, limits,
                    (method, path) -> route(method, path, routes), "iotstream-http"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + " (http.bind.address, "
                    + "http.port): " + e.getMessage() + ": choose a free port, or 0 for any", e);
        }
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    // Exact paths: the path is the raw one, neither decoded nor normalised, so /health/%6Cive or
    // /metrics/../metrics are 404 too. Unknown paths are 404 whatever the method, before any method check.
    private static Response route(String method, String path, Map<String, Supplier<Response>> routes) {
        Supplier<Response> handler = routes.get(path);
        if (handler == null) {
            return Response.text(404, NOT_FOUND);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Response.text(405, "method not allowed: use GET\n").withHeader("Allow", "GET, HEAD");
        }
        return handler.get();
    }

    private static Response health(Health health) {
        return Response.text(health.ok() ? 200 : 503, (health.ok() ? "UP: " : "DOWN: ") + health.detail() + "\n");
    }
}
