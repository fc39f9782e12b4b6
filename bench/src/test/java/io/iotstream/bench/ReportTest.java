package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final String SPARK = SparkPeer.STATEFUL;

    private final Report report = new Report(List.of(
            Result.rate("ceiling", Report.CONSUMER, 4_000_000, ""),
            Result.rate("ceiling", Report.PASS_THROUGH, 1_000_000, "")
                    .withCpu(new Result.Cpu(800, 1_000, Double.NaN)),
            Result.rate("scorer", ScorerRuns.HEADLINE, 2_000_000, "").withCpu(new Result.Cpu(1_500, 2_250.4, 700)),
            Result.rate("peer", SPARK, 500_000, ""),
            new Result("latency", "IoTStream event to alert p99", 300, Result.Unit.MILLISECONDS, "n"),
            new Result("batch", "iotgen CSV 1 x 1", 0.25, Result.Unit.MB_PER_S_PER_CORE, null)),
            Map.of("machine", Map.of("cores", 2)));

    @Test
    void shouldGiveTheScorerOverEachPeerAsHeadlines() {
        Map<String, Double> h = report.headlines();
        assertThat(h.get("scorer / pass-through Streams")).isCloseTo(2.0, within(1e-9));
        assertThat(h.get("scorer / bare consumer")).isCloseTo(0.5, within(1e-9));
        assertThat(h.get("scorer / Spark (per-device state)")).isCloseTo(4.0, within(1e-9));
        assertThat(h).doesNotContainKey("scorer / PMML4S, both event mode");
    }

    private static Result rounds(String section, String name, double... values) {
        List<Result> each = new java.util.ArrayList<>();
        for (double v : values) {
            each.add(Result.rate(section, name, v, ""));
        }
        return Result.median(each);
    }

    @Test
    void shouldTakeMediansOfValuesAndOfTheRatiosWithinEachRound() {
        // Round 2 is slow for both (a noisy neighbour): the ratio within it still counts, not slow/fast pairs.
        Report rounds = new Report(List.of(
                rounds("scorer", ScorerRuns.HEADLINE, 3_000_000, 1_000_000, 2_600_000),
                rounds("scorer", ScorerRuns.name(2, "event"), 2_000_000, 900_000, 2_100_000),
                rounds("peer", PmmlPeer.name("event"), 400_000, 100_000, 420_000),
                rounds("peer", PmmlPeer.name("interval"), 2_000_000, 900_000, 2_000_000)), Map.of());
        Map<String, Double> h = rounds.headlines();
        assertThat(h.get("scorer / PMML4S, both event mode")).isCloseTo(5.0, within(1e-9)); // 5, 9, 5
        assertThat(h.get("scorer / PMML4S, both interval mode")).isCloseTo(1.3, within(1e-9)); // 1.5, 1.11, 1.3

        StringWriter out = new StringWriter();
        rounds.printTable(new PrintWriter(out));
        assertThat(out.toString())
                .contains("| run | median | rounds | unit |")
                .contains("| scorer | " + ScorerRuns.HEADLINE
                        + " | 2,600,000 | 3,000,000 / 1,000,000 / 2,600,000 | events/s |");
    }

    @Test
    void shouldGiveTheMedianOfAnEvenCountAsTheMeanOfTheMiddleTwo() {
        assertThat(Result.medianOf(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(rounds("s", "x", 5, 1, 3).rounds()).containsExactly(5.0, 1.0, 3.0);
        assertThat(rounds("s", "x", 7).rounds()).isEmpty();
    }

    @Test
    void shouldPrintRatiosOnlyForEventsPerSecondRows() {
        StringWriter out = new StringWriter();
        report.printTable(new PrintWriter(out));
        assertThat(out.toString())
                .contains("| scorer | " + ScorerRuns.HEADLINE + " | 2,000,000 | events/s | 50% | 200% | 100% |")
                .contains("| peer | " + SPARK + " | 500,000 | events/s | 13% | 50% | 25% |")
                .contains("| latency | IoTStream event to alert p99 | 300 | ms |  |  |  |")
                .contains("| batch | iotgen CSV 1 x 1 | 0.25 | MB/s per core |  |  |  |");
    }

    @Test
    void shouldPrintCpuPerRecordOfStreamsRowsWithADashWhereUnavailable() {
        StringWriter out = new StringWriter();
        report.printTable(new PrintWriter(out));
        String cpu = out.toString().substring(out.toString().indexOf("CPU ns per record"));
        assertThat(cpu)
                .contains("| " + Report.PASS_THROUGH + " | 800 | 1,000 | – |")
                .contains("| " + ScorerRuns.HEADLINE + " | 1,500 | 2,250 | 700 |")
                .doesNotContain(SPARK);
    }

    @Test
    void shouldWriteJsonAndChart(@TempDir Path dir) throws Exception {
        report.writeJson(dir.resolve("r.json"));
        assertThat(report.writeChart(dir.resolve("r.png"), "test")).isTrue();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
        assertThat(json.get("rows")).hasSize(6);
        assertThat(json.get("rows").get(3).get("vsIoTStream").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(json.get("rows").get(4).has("vsIoTStream")).isFalse();
        JsonNode cpu = json.get("rows").get(1).get("cpuNsPerRecord");
        assertThat(cpu.get("streamThreads").asDouble()).isCloseTo(800, within(1e-9));
        assertThat(cpu.get("broker").isNull()).isTrue();
        assertThat(json.get("rows").get(2).get("cpuNsPerRecord").get("broker").asDouble()).isEqualTo(700);
        assertThat(json.get("rows").get(3).has("cpuNsPerRecord")).isFalse();
        assertThat(Files.size(dir.resolve("r.png"))).isGreaterThan(1000);
        assertThat(Files.readAllBytes(dir.resolve("r.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void shouldChartAndWriteTheLatencyTimelines(@TempDir Path dir) throws Exception {
        Map<String, List<LatencySamples.Second>> timelines = new java.util.LinkedHashMap<>();
        timelines.put("IoTStream", List.of(new LatencySamples.Second(0, new LatencySamples.Figures(10, 900, 2_000,
                2_100)), new LatencySamples.Second(3, new LatencySamples.Figures(10, 0, 150, 180))));
        timelines.put("Spark", List.of(new LatencySamples.Second(1, new LatencySamples.Figures(5, 3_000, 3_400,
                3_500))));

        assertThat(Report.writeLatencyChart(dir.resolve("l.png"), "latency", timelines, 2)).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("l.png"))).startsWith(0x89, 'P', 'N', 'G');
        JsonNode json = new ObjectMapper().valueToTree(Report.timelinesJson(timelines));
        assertThat(json.get("IoTStream")).hasSize(2);
        assertThat(json.get("IoTStream").get(1).get("second").asInt()).isEqualTo(3);
        assertThat(json.get("IoTStream").get(1).get("p99Ms").asLong()).isEqualTo(150);
        assertThat(json.get("Spark").get(0).get("alerts").asInt()).isEqualTo(5);
        assertThat(Report.writeLatencyChart(dir.resolve("none.png"), "none", Map.of("Spark", List.of()), 2))
                .isFalse();
        assertThat(dir.resolve("none.png")).doesNotExist();
    }

    @Test
    void shouldReportARunWithoutEventsPerSecondRows(@TempDir Path dir) throws Exception {
        // --skip ceilings,scorer,pmml,spark,latency: batch rows only, nothing to chart or compare
        Report batchOnly = new Report(List.of(
                new Result("batch", "iotgen CSV 1 x 1", 0.25, Result.Unit.MB_PER_S_PER_CORE, null),
                new Result("batch", "iottrain Tribuo 1 x 1", 2.5, Result.Unit.SECONDS, null)), Map.of());
        StringWriter out = new StringWriter();
        batchOnly.printTable(new PrintWriter(out));
        assertThat(out.toString()).contains("| batch | iottrain Tribuo 1 x 1 | 2.5 | s |");
        assertThat(batchOnly.headlines()).isEmpty();
        batchOnly.writeJson(dir.resolve("r.json"));
        assertThat(batchOnly.writeChart(dir.resolve("r.png"), "batch only")).isFalse();
        assertThat(dir.resolve("r.png")).doesNotExist();
    }
}
