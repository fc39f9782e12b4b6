package io.iotstream.simulator;

import java.util.Locale;

/**
 * What a simulation did.
 *
 * @param sent events sent (end markers not counted)
 * @param delivered events the sink confirmed: acknowledged by Kafka, written to the stream or socket
 * @param sendingNanos from the first event's release to the last one's, as the clock saw them (not as they were
 *     due): the achieved rate includes every delay of the pacing
 * @param askedRate the asked rate in events per second, or {@link SimulateConfig#MAX_RATE}
 * @param endMarker whether the end-of-stream marker was sent
 * @param stoppedEarly whether a stop request (Ctrl-C) ended it before its limit
 */
public record Summary(long sent, long delivered, long sendingNanos, double askedRate, boolean endMarker,
        boolean stoppedEarly) {

    /**
     * Achieved events per second: the gaps between the first and the last event over the time they took, the
     * measure that the asked rate means; {@code sent / time} would count one event too many.
     */
    public double achievedRate() {
        if (sent < 2 || sendingNanos <= 0) {
            return Double.NaN;
        }
        return (sent - 1) / (sendingNanos / 1e9);
    }

    /** {@code achieved / asked - 1}, or NaN at {@code --rate max} or with too few events. */
    public double rateError() {
        return askedRate == SimulateConfig.MAX_RATE ? Double.NaN : achievedRate() / askedRate - 1;
    }

    /** One line for the user. */
    public String describe() {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%d events sent in %.3f s", sent, sendingNanos / 1e9));
        if (sent >= 2) {
            line.append(String.format(Locale.ROOT, ": %.0f events/s", achievedRate()));
            if (askedRate != SimulateConfig.MAX_RATE) {
                line.append(String.format(Locale.ROOT, " (asked %s/s, %+.2f%%)", rate(askedRate),
                        rateError() * 100));
            } else {
                line.append(" (--rate max)");
            }
        }
        line.append("; ").append(delivered).append(" delivered");
        if (endMarker) {
            line.append("; end marker sent");
        }
        if (stoppedEarly) {
            line.append("; stopped early");
        }
        return line.toString();
    }

    private static String rate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
