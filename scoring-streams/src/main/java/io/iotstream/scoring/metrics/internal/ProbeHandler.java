package io.iotstream.scoring.metrics.internal;

/** Answers one request of a {@link ProbeServer}; called on a worker thread, never on the I/O thread. */
@FunctionalInterface
public interface ProbeHandler {

    /**
     * The response to a request.
     *
     * @param method the request method, as sent (case-sensitive)
     * @param path the request target's path, raw: not decoded, not normalised, without the query
     */
    Response handle(String method, String path);
}
