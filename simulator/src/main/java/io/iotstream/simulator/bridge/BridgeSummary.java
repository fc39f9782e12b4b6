package io.iotstream.simulator.bridge;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a bridge run did.
 *
 * @param lines lines read
 * @param published readings published (end marker not counted)
 * @param delivered readings the sink confirmed (Kafka acknowledged)
 * @param ignored blank and comment lines
 * @param malformed malformed lines
 * @param firstMalformedLines the numbers of the first malformed lines (at most {@link Bridge#LINES_LISTED})
 * @param endOfStream whether the stream ended with the original's end marker (rather than end of input)
 * @param deadLetters where malformed lines went
 */
public record BridgeSummary(long lines, long published, long delivered, long ignored, long malformed,
        List<Long> firstMalformedLines, boolean endOfStream, String deadLetters) {

    public BridgeSummary {
        firstMalformedLines = List.copyOf(firstMalformedLines);
    }

    /** One line for the user. */
    public String describe() {
        StringBuilder line = new StringBuilder();
        line.append(lines).append(" lines read, ").append(published).append(" readings published, ")
                .append(delivered).append(" delivered");
        if (ignored > 0) {
            line.append(", ").append(ignored).append(" blank or comment lines skipped");
        }
        line.append("; ").append(malformed).append(" malformed");
        if (malformed > 0) {
            line.append(" (line").append(malformed == 1 ? " " : "s ")
                    .append(firstMalformedLines.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(malformed > firstMalformedLines.size() ? ", ..." : "").append(") to ").append(deadLetters);
        }
        line.append("; ").append(endOfStream ? "end-of-stream marker reached" : "input ended");
        return line.toString();
    }
}
