package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The smoke test of the harness: {@code bench --quick} end to end (its own broker, every part including the Spark
 * peer and the batch tools as child processes). It checks that the run completes and that the table, the JSON and
 * the chart exist with a value in every row; it never checks a speed.
 */
class BenchQuickIT {

    /** One run of the command as main runs it: exit code, stdout (also printed to the build log), stderr. */
    private record Run(int exit, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = BenchCommand.commandLine(Map.of());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            // The figures in the build log, for whoever reads it (never asserted).
            System.out.print(out);
            return new Run(exit, out.toString(), err.toString());
        }
    }

    @Test
    void shouldRunEveryPartAndWriteTableJsonAndChart(@TempDir Path output) throws Exception {
        Run run = Run.of("--quick", "--output", output.toString());

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.out()).contains("| section | run | value |", "IoTStream scorer, 2 threads, interval mode",
                "pass-through Streams", "PMML4S", "Spark Structured Streaming", "IoTStream event to alert p99",
                "Spark event to alert p99", "iotgen",
                "iottrain Tribuo", "Headline ratios", "CPU ns per record");
        List<Path> files;
        try (Stream<Path> list = Files.list(output)) {
            files = list.toList();
        }
        Path json = files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        Path png = files.stream().filter(p -> p.toString().endsWith("Z.png")).findFirst().orElseThrow();
        assertThat(Files.size(png)).isGreaterThan(1000);
        Path latencyPng = files.stream().filter(p -> p.toString().endsWith("-latency.png")).findFirst()
                .orElseThrow();
        assertThat(Files.size(latencyPng)).isGreaterThan(1000);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("failures")).isEmpty();
        List<String> sections = new ArrayList<>();
        for (JsonNode row : root.get("rows")) {
            assertThat(row.get("value").isNumber()).as("row %s", row).isTrue();
            assertThat(row.get("value").asDouble()).as("row %s", row).isPositive().isFinite();
            sections.add(row.get("section").asText());
        }
        assertThat(sections).contains("ceiling", "scorer", "peer", "latency", "batch");
        // The bench started the broker, so every Streams row has all three CPU figures (values never asserted).
        for (JsonNode row : root.get("rows")) {
            if (row.get("section").asText().equals("scorer")) {
                JsonNode cpu = row.get("cpuNsPerRecord");
                assertThat(cpu).as("row %s", row).isNotNull();
                assertThat(cpu.get("streamThreads").isNumber()).as("row %s", row).isTrue();
                assertThat(cpu.get("jvm").isNumber()).as("row %s", row).isTrue();
                assertThat(cpu.get("broker").isNumber()).as("row %s", row).isTrue();
            }
        }
        assertThat(root.get("rows")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(root.get("latencyTimelines").get("IoTStream")).isNotEmpty();
        for (JsonNode row : root.get("rows")) {
            if (row.get("name").asText().equals("IoTStream event to alert p50")) {
                assertThat(row.get("note").asText()).contains("its commits took");
            }
        }
        assertThat(root.get("latencyTimelines").get("Spark")).isNotEmpty();
        assertThat(root.get("headlines").get("scorer / Spark (per-device state)").asDouble()).isPositive();
    }

    @Test
    void shouldRunTheThroughputPartsInRoundsAndReportMedians(@TempDir Path output) throws Exception {
        Run run = Run.of("--quick", "--events", "100000", "--rounds", "2", "--skip", "spark,latency,batch",
                "--output", output.toString());

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.err()).contains("round 1 of 2", "round 2 of 2");
        assertThat(run.out()).contains("| section | run | median | rounds |",
                "medians of the ratios within each round");
        Path json;
        try (Stream<Path> list = Files.list(output)) {
            json = list.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("failures")).isEmpty();
        assertThat(root.get("settings").get("rounds").asInt()).isEqualTo(2);
        for (JsonNode row : root.get("rows")) {
            assertThat(row.get("rounds")).as("row %s", row).hasSize(2);
        }
        assertThat(root.get("headlines").get("scorer / PMML4S, both event mode").asDouble()).isPositive();
    }
}
