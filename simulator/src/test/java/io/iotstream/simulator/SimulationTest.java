package io.iotstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.simulator.RecordingSink.Sent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final StringWriter log = new StringWriter();

    private RecordingSink run(SimulateConfig config) throws IOException {
        RecordingSink sink = new RecordingSink();
        run(config, sink, new FakeTicker());
        return sink;
    }

    private Summary run(SimulateConfig config, RecordingSink sink, FakeTicker ticker) throws IOException {
        Fleet fleet = new Fleet(config.devices(), config.devicePrefix());
        return new Simulation(config, fleet, sink, ticker, InstantSource.fixed(T0), new StopSignal(),
                new PrintWriter(log, true)).run();
    }

    static SimulateConfig.Builder base() {
        return SimulateConfig.builder().sensors(10).rate(1000).devices(3).seed(42).events(3_000L)
                .sink(SinkKind.KAFKA).kafka(kafka()).progressInterval(Duration.ZERO);
    }

    @Test
    void shouldSendTheSameEventsForTheSameSeedWhateverTheRate() throws IOException {
        List<Sent> paced = run(base().build()).events;
        List<Sent> max = run(base().rate(SimulateConfig.MAX_RATE).build()).events;
        List<Sent> other = run(base().seed(43).build()).events;
        assertThat(paced).hasSize(3_000);
        assertThat(values(paced)).isEqualTo(values(max)).isNotEqualTo(values(other));
    }

    @Test
    void shouldLetDevicesTakeTurnsAndDrawSensorsAndValuesUniformly() throws IOException {
        List<Sent> events = run(base().events(30_000L).build()).events;
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).device()).isEqualTo(i % 3);
        }
        Map<Integer, Long> perSensor = events.stream().collect(Collectors.groupingBy(Sent::sensor,
                Collectors.counting()));
        assertThat(perSensor.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(perSensor.values()).allSatisfy(n -> assertThat(n).isBetween(2_700L, 3_300L));
        assertThat(events).allSatisfy(e -> assertThat(e.value()).isBetween(0.0, 1.0));
        assertThat(events.stream().mapToDouble(Sent::value).average().orElseThrow()).isCloseTo(0.5, within(0.01));
    }

    @Test
    void shouldStampEventsWithTheTimeTheyWereDue() throws IOException {
        RecordingSink sink = new RecordingSink();
        FakeTicker ticker = new FakeTicker();
        Summary summary = run(base().rate(100).events(1_000L).build(), sink, ticker);
        List<Sent> events = sink.events;
        assertThat(events.get(0).epochMillis()).isEqualTo(T0.toEpochMilli());
        assertThat(events).extracting(Sent::epochMillis).isSorted();
        // 999 gaps of 10 ms on average: about 10 s from first to last
        long span = events.get(999).epochMillis() - events.get(0).epochMillis();
        assertThat(span).isBetween(9_500L, 10_500L);
        assertThat(summary.sent()).isEqualTo(1_000);
        assertThat(summary.achievedRate()).isCloseTo(100, within(0.001 * 100 + 100 * 0.05));
        assertThat(sink.flushes).isGreaterThan(900); // at 100/s every event is followed by a wait, flushed first
    }

    @Test
    void shouldStopAtTheDuration() throws IOException {
        RecordingSink sink = new RecordingSink();
        run(base().events(null).duration(Duration.ofSeconds(10)).rate(500).build(), sink, new FakeTicker());
        assertThat(sink.events.size()).isBetween(4_800, 5_200);
        assertThat(sink.events.get(sink.events.size() - 1).epochMillis() - T0.toEpochMilli()).isLessThan(10_000);
    }

    @Test
    void shouldStopAtTheDurationAtMaxRate() throws IOException {
        RecordingSink sink = new RecordingSink();
        // every clock read moves the fake clock by 1 ms; the clock is read once per 64 events
        run(base().events(null).duration(Duration.ofMillis(100)).rate(SimulateConfig.MAX_RATE).build(), sink,
                new FakeTicker(0, 1_000_000));
        assertThat(sink.events.size()).isBetween(90 * 64, 101 * 64);
    }

    @Test
    void shouldSendTheEndMarkerAfterTheLastEvent() throws IOException {
        RecordingSink sink = run(base().events(10L).endMarker(true).build());
        assertThat(sink.events).hasSize(10);
        assertThat(sink.endMarkers).hasSize(1);
        assertThat(sink.opens).isOne();
        assertThat(sink.closes).isOne();
    }

    @Test
    void shouldLabelFramesByTheRule() throws IOException {
        FailureRule rule = FailureRule.forOnesPercent(10, 10);
        List<Sent> frames = run(base().frames(true).labels(true).rule(rule).events(5_000L)
                .build()).events;
        assertThat(frames).hasSize(5_000).allSatisfy(f -> {
            assertThat(f.values()).hasSize(10);
            assertThat(f.label()).isEqualTo(rule.label(f.values()));
        });
        long ones = frames.stream().filter(f -> f.label() == 1).count();
        assertThat(ones).isBetween(400L, 600L);
        List<Sent> unlabelled = run(base().frames(true).events(10L).build())
                .events;
        assertThat(unlabelled).allSatisfy(f -> assertThat(f.label()).isNull());
    }

    @Test
    void shouldDrawFramesFromTheTestingDomainAndReadingsFromTheStreamingDomain() throws IOException {
        List<Sent> frames = run(base().frames(true).events(1L).build()).events;
        java.util.SplittableRandom testing = io.iotstream.model.synthetic.SeedDomain.TESTING.random(42, 0);
        for (double v : frames.get(0).values()) {
            assertThat(v).isEqualTo(testing.nextDouble());
        }
        List<Sent> readings = run(base().events(1L).build()).events;
        java.util.SplittableRandom streaming = io.iotstream.model.synthetic.SeedDomain.STREAMING.random(42, 0);
        assertThat(readings.get(0).sensor()).isEqualTo(1 + streaming.nextInt(10));
        assertThat(readings.get(0).value()).isEqualTo(streaming.nextDouble());
    }

    @Test
    void shouldStopEarlyWhenAsked() throws IOException {
        StopSignal stop = new StopSignal();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void reading(int device, long epochMillis, int sensor, double value) {
                super.reading(device, epochMillis, sensor, value);
                if (events.size() == 100) {
                    stop.request();
                }
            }
        };
        SimulateConfig config = base().events(null).endMarker(true).build();
        Summary summary = new Simulation(config, new Fleet(3, "d-"), sink, new FakeTicker(),
                InstantSource.fixed(T0), stop, new PrintWriter(log)).run();
        assertThat(summary.sent()).isEqualTo(100);
        assertThat(summary.stoppedEarly()).isTrue();
        assertThat(sink.endMarkers).hasSize(1);
    }

    @Test
    void shouldWriteGroundTruthThatIsConsistentWithTheValuesSent() throws IOException {
        Path truthFile = dir.resolve("truth.json");
        SimulateConfig config = base().devices(8).events(8_000L).faultyDevices(3).faultAfterEvents(4_000L)
                .groundTruth(truthFile).build();
        List<Sent> events = run(config).events;
        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
        GroundTruthCheck.assertConsistent(truth, events.stream()
                .map(e -> new GroundTruthCheck.Reading(Fleet.idOf("device-", e.device()), e.sensor(), e.value()))
                .toList(), 0);
        assertThat(truth.get("complete").asBoolean()).isTrue();
        assertThat(truth.get("eventsSent").asLong()).isEqualTo(8_000);
        assertThat(truth.get("faultyDevices")).hasSize(3);
        assertThat(truth.get("healthyDevices")).hasSize(5);
        // the fault started at event 4000: device 0's 500th event, whichever devices are faulty
        assertThat(truth.get("faultyDevices")).allSatisfy(d ->
                assertThat(d.get("firstDriftingEvent").get("deviceEvent").asLong()).isEqualTo(500));
    }

    @Test
    void shouldRecordTheDriftInTheGroundTruth() throws IOException {
        Path truthFile = dir.resolve("drift.json");
        // 1000 events/s over 2 devices: each device reports every ~2 ms; the fault starts at 2 s, drifts for 1 s
        SimulateConfig config = base().devices(2).events(10_000L).faultyDevices(1).faultAfter(Duration.ofSeconds(2))
                .faultDrift(Duration.ofSeconds(1)).groundTruth(truthFile).build();
        List<Sent> events = run(config).events;
        JsonNode device = new ObjectMapper().readTree(truthFile.toFile()).get("faultyDevices").get(0);
        Instant drifting = Instant.parse(device.get("firstDriftingEvent").get("time").asText());
        Instant failing = Instant.parse(device.get("firstFailingEvent").get("time").asText());
        assertThat(Duration.between(T0, drifting).toMillis()).isBetween(2_000L, 2_020L);
        assertThat(Duration.between(T0, failing).toMillis()).isBetween(3_000L, 3_020L);
        GroundTruthCheck.assertConsistent(new ObjectMapper().readTree(truthFile.toFile()), events.stream()
                .map(e -> new GroundTruthCheck.Reading(Fleet.idOf("device-", e.device()), e.sensor(), e.value()))
                .toList(), 0);
    }

    private static Map<String, Object> kafka() {
        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", "127.0.0.1:1");
        kafka.put("schema.registry.url", "mock://simulation-test");
        return kafka;
    }

    private static List<String> values(List<Sent> events) {
        return events.stream().map(e -> e.device() + "/" + e.sensor() + "/" + e.value()).toList();
    }
}
