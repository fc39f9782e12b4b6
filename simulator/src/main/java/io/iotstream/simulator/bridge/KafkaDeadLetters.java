package io.iotstream.simulator.bridge;

import io.iotstream.schemas.csv.MalformedLineException;
import io.iotstream.schemas.kafka.DeadLetterHeaders;
import io.iotstream.simulator.sink.KafkaSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Malformed lines to a dead-letter topic: the line's bytes as they were read (UTF-8, without the line
 * terminator) as the value, the device id as the key, and {@code iotstream.dlq.*} headers saying why and where
 * from (the header names of the scorer's dead letters, plus the source and the line number).
 */
final class KafkaDeadLetters implements DeadLetters {

    /** Always {@value #REASON_MALFORMED_LINE}. */
    static final String REASON = DeadLetterHeaders.REASON;
    static final String REASON_MALFORMED_LINE = "malformed-line";
    /** What is wrong with the line, in words. */
    static final String MESSAGE = DeadLetterHeaders.MESSAGE;
    /** Always {@value #STAGE_PARSE}. */
    static final String STAGE = DeadLetterHeaders.STAGE;
    static final String STAGE_PARSE = "parse";
    static final String EXCEPTION = DeadLetterHeaders.EXCEPTION;
    /** Where the line was read: {@code stdin}, {@code tcp://host:port} or {@code file:<path>}. */
    static final String SOURCE = DeadLetterHeaders.SOURCE;
    /** The line's number in its source, from 1. */
    static final String LINE = DeadLetterHeaders.LINE;

    private final KafkaSink sink;
    private final String topic;
    private final byte[] key;
    private final String source;

    KafkaDeadLetters(KafkaSink sink, String topic, byte[] key, String source) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = key;
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public void malformed(MalformedLineException e) throws IOException {
        Headers headers = new RecordHeaders();
        add(headers, REASON, REASON_MALFORMED_LINE);
        add(headers, MESSAGE, e.reason());
        add(headers, STAGE, STAGE_PARSE);
        add(headers, EXCEPTION, e.getClass().getName());
        add(headers, SOURCE, source);
        add(headers, LINE, Long.toString(e.lineNumber()));
        sink.sendRaw(new ProducerRecord<>(topic, null, null, key, e.line().getBytes(StandardCharsets.UTF_8),
                headers));
    }

    @Override
    public String describe() {
        return "dead-letter topic " + topic;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
