package io.iotstream.stack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Reads the scorer's operator endpoint: readiness, and the events it scored from {@code /metrics}. */
final class ScorerProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    ScorerProbe(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Empty when ready; otherwise why not (the endpoint's answer, or that it does not answer yet). */
    Optional<String> notReadyReason() {
        try {
            HttpResponse<String> r = get("/health/ready");
            return r.statusCode() == 200 ? Optional.empty() : Optional.of(r.body().strip());
        } catch (IOException e) {
            return Optional.of("not answering on " + base + " yet");
        }
    }

    /** Events scored so far (all types); -1 if the endpoint does not answer. */
    long eventsScored() {
        try {
            return sum(get("/metrics").body(), "iotstream_events_total");
        } catch (IOException e) {
            return -1;
        }
    }

    /** The sum of every sample of {@code metric} in a Prometheus text exposition. */
    static long sum(String exposition, String metric) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                // "<name>{<labels>} <value> [<timestamp>]" or "<name> <value> [<timestamp>]"
                int close = line.lastIndexOf('}');
                String rest = (close < 0 ? line.substring(metric.length()) : line.substring(close + 1)).trim();
                try {
                    total += Double.parseDouble(rest.split("\\s+")[0]);
                } catch (NumberFormatException e) {
                    // a sample we cannot read is left out rather than failing the demo's progress line
                }
            }
        }
        return Math.round(total);
    }

    private HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
