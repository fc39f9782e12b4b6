package io.iotstream.scoring.metrics;

import java.util.Objects;

/**
 * An answer to a health probe: up or not, and why, in words for the operator.
 *
 * @param ok whether the probe passes
 * @param detail what the state is, e.g. "running, serving sensor-failure:3" or why not
 */
public record Health(boolean ok, String detail) {

    public Health {
        Objects.requireNonNull(detail, "detail");
    }

    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
