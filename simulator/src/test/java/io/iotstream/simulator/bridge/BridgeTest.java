package io.iotstream.simulator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.iotstream.schemas.csv.MalformedLineException;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.sink.EventSink;
import io.iotstream.simulator.sink.SinkException;
import io.iotstream.simulator.source.ReadingSource;
import io.iotstream.simulator.source.SourceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bridge's loop on an in-memory source and sink: what BridgeIT checks end to end, without Kafka. */
class BridgeTest {

    private static final String GOOD_77 = "2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453";
    private static final String GOOD_12 = "2018-01-13T21:37:31.031Z,12,Sensor 12,0.73083";
    private static final String GOOD_89 = "2018-01-13T21:37:31.130Z,89,Sensor 89,0.51267";
    private static final String THREE_FIELDS = "2018-01-13T21:37:30.923Z,82,Sensor 82";
    private static final String END_MARKER = "2018-01-13T21:37:31.224Z,-1,Sensor -1,0.00000";

    private final MemorySink sink = new MemorySink();
    private final StringWriter err = new StringWriter();
    private final StopSignal stop = new StopSignal();

    private static BridgeConfig config(String deadLetterTopic, boolean endMarker, int maxSensor) {
        // the sink is in memory: the Kafka settings only have to pass validation
        return new BridgeConfig("plant-1", "readings", Map.of("bootstrap.servers", "unused:9092",
                "schema.registry.url", "mock://unused"), null, 0, Duration.ofSeconds(1), null, deadLetterTopic,
                endMarker, maxSensor, BridgeConfig.DEFAULT_MAX_LINE_BYTES, Duration.ZERO);
    }

    private BridgeSummary run(BridgeConfig config, ReadingSource source) throws IOException {
        return new Bridge(config, sink, new PrintWriter(err, true), "bridge: ", stop,
                new PrintWriter(new StringWriter()), InstantSource.fixed(Instant.EPOCH)).run(source);
    }

    @Test
    void shouldPublishGoodLinesAsReadingsOfTheDeviceAndSkipBlankAndCommentLines() throws IOException {
        MemorySource source = MemorySource.lines(GOOD_77, "", "# the original's header", GOOD_12);

        BridgeSummary summary = run(config(null, false, 0), source);

        assertThat(summary.describe()).isEqualTo("4 lines read, 2 readings published, 2 delivered, 2 blank or "
                + "comment lines skipped; 0 malformed; input ended");
        assertThat(sink.readings).extracting(MemorySink.Reading::device, MemorySink.Reading::epochMillis,
                MemorySink.Reading::sensor, MemorySink.Reading::value).containsExactly(
                        tuple(0, Instant.parse("2018-01-13T21:37:30.830Z").toEpochMilli(), 77, 0.47453),
                        tuple(0, Instant.parse("2018-01-13T21:37:31.031Z").toEpochMilli(), 12, 0.73083));
        assertThat(sink.endMarkers).isEmpty();
        assertThat(sink.opens).as("the caller opens the sink").isZero();
        assertThat(sink.closes).isEqualTo(1);
        assertThat(source.opens).isEqualTo(1);
        assertThat(source.closes).isPositive();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldSendMalformedItemsToTheDeadLetterTopicWithReasonAndPositionAndCarryOn() throws IOException {
        // positions are the source's: a message source numbers its items its own way
        MemorySource source = new MemorySource("memory:test", List.of(
                new ReadingSource.Item(41, GOOD_77, null),
                new ReadingSource.Item(42, THREE_FIELDS, null),
                new ReadingSource.Item(43, "x".repeat(64), "longer than 64 bytes"),
                new ReadingSource.Item(44, GOOD_12, null)), null);

        BridgeSummary summary = run(config("bridge.dlq", false, 0), source);

        assertThat(summary.published()).isEqualTo(2);
        assertThat(summary.malformed()).isEqualTo(2);
        assertThat(summary.firstMalformedLines()).containsExactly(42L, 43L);
        assertThat(summary.describe()).contains("2 malformed (lines 42, 43) to dead-letter topic bridge.dlq");
        assertThat(sink.deadLetters).hasSize(2);
        MemorySink.DeadLetter first = sink.deadLetters.get(0);
        assertThat(first.topic()).isEqualTo("bridge.dlq");
        assertThat(first.device()).isZero();
        assertThat(first.value()).isEqualTo(THREE_FIELDS);
        assertThat(first.headers()).containsExactly(
                Map.entry("iotstream.dlq.reason", "malformed-line"),
                Map.entry("iotstream.dlq.message", "expected 4 comma-separated fields (time,sensor,Sensor n,value), "
                        + "found 3"),
                Map.entry("iotstream.dlq.stage", "parse"),
                Map.entry("iotstream.dlq.exception", MalformedLineException.class.getName()),
                Map.entry("iotstream.dlq.source", "memory:test"),
                Map.entry("iotstream.dlq.line", "42"));
        MemorySink.DeadLetter second = sink.deadLetters.get(1);
        assertThat(second.value()).isEqualTo("x".repeat(64));
        assertThat(second.headers()).containsEntry("iotstream.dlq.message", "longer than 64 bytes")
                .containsEntry("iotstream.dlq.line", "43");
        assertThat(sink.readings).extracting(MemorySink.Reading::sensor).containsExactly(77, 12);
        assertThat(sink.delivered()).as("dead letters are not deliveries").isEqualTo(2);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldReportMalformedLinesOnStderrWithoutADeadLetterTopic() throws IOException {
        BridgeSummary summary = run(config(null, false, 85), MemorySource.lines(GOOD_77, GOOD_89, GOOD_12));

        assertThat(err.toString().lines()).containsExactly(
                "bridge: line 2: sensor number 89 is above --sensors 85: '" + GOOD_89 + "'");
        assertThat(summary.describe()).contains("2 readings published", "1 malformed (line 2) to stderr");
        assertThat(sink.deadLetters).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldStopReadingAtTheEndMarkerAndPublishItOnlyWhenAsked(boolean endMarker) throws IOException {
        MemorySource source = MemorySource.lines(GOOD_77, END_MARKER, GOOD_12);

        BridgeSummary summary = run(config(null, endMarker, 0), source);

        assertThat(source.taken).as("items read").isEqualTo(2);
        assertThat(summary.endOfStream()).isTrue();
        assertThat(summary.describe()).isEqualTo("2 lines read, 1 readings published, 1 delivered; 0 malformed; "
                + "end-of-stream marker reached");
        assertThat(sink.readings).extracting(MemorySink.Reading::sensor).containsExactly(77);
        assertThat(sink.endMarkers).isEqualTo(endMarker
                ? List.of(Instant.parse("2018-01-13T21:37:31.224Z").toEpochMilli()) : List.of());
        assertThat(sink.closes).isEqualTo(1);
    }

    @Test
    void shouldReportASourceThatFailsMidwayAndCloseTheSink() {
        MemorySource source = new MemorySource("memory:test", MemorySource.items(GOOD_77, GOOD_12),
                new IOException("connection reset"));

        assertThatThrownBy(() -> run(config(null, false, 0), source))
                .isInstanceOf(SourceException.class)
                .hasMessage("reading memory:test failed: connection reset: check the source")
                .hasCauseInstanceOf(IOException.class);
        assertThat(sink.readings).as("what was read before the failure").hasSize(2);
        assertThat(sink.closes).isEqualTo(1);
        assertThat(source.closes).isPositive();
    }

    @Test
    void shouldSayStoppedWhenAStopEndsAReadThatWaits() {
        // what the shutdown hook does to a TCP source: request the stop, then close the source under the read
        MemorySource source = new MemorySource("memory:test", MemorySource.items(GOOD_77), null) {
            @Override
            public Item next() throws IOException {
                if (taken == 1) {
                    stop.request();
                    throw new IOException("Socket closed");
                }
                return super.next();
            }
        };

        assertThatThrownBy(() -> run(config(null, false, 0), source)).isInstanceOf(SourceException.class)
                .hasMessage("stopped while reading memory:test");
        assertThat(sink.closes).isEqualTo(1);
    }

    @Test
    void shouldPassOnASourcesOwnFailureToOpenAndCloseTheSink() {
        SourceException refused = new SourceException("cannot connect to h:1 (Connection refused): start the "
                + "stream source first");
        MemorySource source = new MemorySource("tcp://h:1", List.of(), null) {
            @Override
            public void open() throws IOException {
                throw refused;
            }
        };

        assertThatThrownBy(() -> run(config(null, false, 0), source)).isSameAs(refused);
        assertThat(sink.readings).isEmpty();
        assertThat(sink.closes).isEqualTo(1);
    }

    @Test
    void shouldNotBlameTheSourceWhenTheSinkFails() {
        sink.refusal = new SinkException("Kafka did not accept a record");
        MemorySource source = MemorySource.lines(GOOD_77);

        assertThatThrownBy(() -> run(config(null, false, 0), source)).isSameAs(sink.refusal);
        assertThat(sink.closes).isEqualTo(1);
        assertThat(source.closes).isPositive();
    }

    @Test
    void shouldReadNothingOnceAStopIsRequested() throws IOException {
        MemorySource source = MemorySource.lines(GOOD_77);
        stop.request();

        BridgeSummary summary = run(config(null, false, 0), source);

        assertThat(source.taken).isZero();
        assertThat(summary.lines()).isZero();
        assertThat(sink.closes).isEqualTo(1);
    }

    /** Items from a list, then the end of the input, or {@code failure} if given. */
    static class MemorySource implements ReadingSource {

        private final String name;
        private final List<Item> items;
        private final IOException failure;
        int opens;
        int closes;
        int taken;

        MemorySource(String name, List<Item> items, IOException failure) {
            this.name = name;
            this.items = items;
            this.failure = failure;
        }

        /** Lines numbered from 1, as a line source numbers them. */
        static MemorySource lines(String... lines) {
            return new MemorySource("memory", items(lines), null);
        }

        static List<Item> items(String... lines) {
            List<Item> items = new ArrayList<>();
            for (String line : lines) {
                items.add(new Item(items.size() + 1, line, null));
            }
            return items;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void open() throws IOException {
            opens++;
        }

        @Override
        public Item next() throws IOException {
            if (opens == 0) {
                throw new IllegalStateException("not open");
            }
            if (taken < items.size()) {
                return items.get(taken++);
            }
            if (failure != null) {
                throw failure;
            }
            return null;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** Keeps what it is given, dead letters too; refuses readings with {@code refusal} when set. */
    static class MemorySink implements EventSink {

        record Reading(int device, long epochMillis, int sensor, double value) {
        }

        record DeadLetter(String topic, int device, String value, Map<String, String> headers) {
        }

        final List<Reading> readings = new ArrayList<>();
        final List<Long> endMarkers = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        SinkException refusal;
        int opens;
        int closes;

        @Override
        public void open() {
            opens++;
        }

        @Override
        public void reading(int device, long epochMillis, int sensor, double value) throws SinkException {
            if (refusal != null) {
                throw refusal;
            }
            readings.add(new Reading(device, epochMillis, sensor, value));
        }

        @Override
        public void frame(int device, long epochMillis, double[] values, Integer label) {
            throw new UnsupportedOperationException("the bridge sends no frames");
        }

        @Override
        public void endOfStream(long epochMillis) {
            endMarkers.add(epochMillis);
        }

        @Override
        public void deadLetter(String topic, int device, byte[] value, Map<String, String> headers) {
            deadLetters.add(new DeadLetter(topic, device, new String(value, StandardCharsets.UTF_8),
                    new LinkedHashMap<>(headers)));
        }

        @Override
        public void flush() {
        }

        @Override
        public long delivered() {
            return readings.size();
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
