package io.iotstream.simulator.bridge;

import io.iotstream.schemas.csv.MalformedLineException;
import io.iotstream.schemas.kafka.DeadLetterHeaders;
import io.iotstream.simulator.sink.EventSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Malformed lines to a dead-letter topic, through the readings' sink (so that they share its delivery tracking):
 * the line's bytes as they were read (UTF-8, without the line terminator) as the value, the device id as the key,
 * and {@code iotstream.dlq.*} headers saying why and where from (the header names of the scorer's dead letters,
 * plus the source and the line number).
 */
final class TopicDeadLetters implements DeadLetters {

    /** Always {@value #REASON_MALFORMED_LINE}. */
    static final String REASON = DeadLetterHeaders.REASON;
    static final String REASON_MALFORMED_LINE = "malformed-line";
    /** What is wrong with the line, in words. */
    static final String MESSAGE = DeadLetterHeaders.MESSAGE;
    /** Always {@value #STAGE_PARSE}. */
    static final String STAGE = DeadLetterHeaders.STAGE;
    static final String STAGE_PARSE = "parse";
    static final String EXCEPTION = DeadLetterHeaders.EXCEPTION;
    /** Where the line was read: the source's name, e.g. {@code stdin}, {@code tcp://host:port}, {@code file:<path>}. */
    static final String SOURCE = DeadLetterHeaders.SOURCE;
    /** The item's position in its source, from 1: the line number for lines. */
    static final String LINE = DeadLetterHeaders.LINE;

    private final EventSink sink;
    private final String topic;
    private final int device;
    private final String source;

    /**
     * @param device the sink's device the dead letters are keyed by
     * @param source the source's name
     */
    TopicDeadLetters(EventSink sink, String topic, int device, String source) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.device = device;
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public void malformed(MalformedLineException e) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REASON, REASON_MALFORMED_LINE);
        headers.put(MESSAGE, e.reason());
        headers.put(STAGE, STAGE_PARSE);
        headers.put(EXCEPTION, e.getClass().getName());
        headers.put(SOURCE, source);
        headers.put(LINE, Long.toString(e.lineNumber()));
        sink.deadLetter(topic, device, e.line().getBytes(StandardCharsets.UTF_8), headers);
    }

    @Override
    public String describe() {
        return "dead-letter topic " + topic;
    }
}
