package io.iotstream.scoring.metrics.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link ProbeServer} grants each client.
 *
 * @param readTimeout how long a client has to send a complete request head, counted from when the connection opens
 *     or its previous response was sent (so it is also the keep-alive idle timeout), and to read a response
 * @param maxConnections how many connections may be open at once
 * @param maxHeadBytes how large a request head (request line and headers) may be
 */
public record ServerLimits(Duration readTimeout, int maxConnections, int maxHeadBytes) {

    /**
     * For probes and scrapes: kubelet and Prometheus send a head of a few hundred bytes in one packet, so 10 s is
     * ample even on a congested node, and 512 connections are far more than the few they keep open.
     */
    public static final ServerLimits DEFAULT = new ServerLimits(Duration.ofSeconds(10), 512, 8 * 1024);

    public ServerLimits {
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxHeadBytes < 256) {
            throw new IllegalArgumentException("maxHeadBytes must be at least 256: " + maxHeadBytes);
        }
    }

    public ServerLimits withReadTimeout(Duration timeout) {
        return new ServerLimits(timeout, maxConnections, maxHeadBytes);
    }

    public ServerLimits withMaxConnections(int max) {
        return new ServerLimits(readTimeout, max, maxHeadBytes);
    }
}
