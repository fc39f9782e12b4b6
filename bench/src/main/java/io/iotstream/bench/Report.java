package io.iotstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The run's output: a Markdown table on stdout (each events/s row with its ratio to the bare consumer, to the
 * pass-through app and to IoTStream's headline row), the CPU per record of the Streams rows, the headline ratios, a
 * JSON file and a PNG bar chart of the events/s rows, both named by the run's start time, and a second PNG of the
 * latency rows second by second.
 */
final class Report {

    static final String CONSUMER = "bare consumer (bytes)";
    static final String PASS_THROUGH = "pass-through Streams, 2 threads";

    private final List<Result> rows;
    private final Map<String, Object> context;

    /**
     * @param rows the results, in run order
     * @param context what describes the run (machine, settings, broker), copied into the JSON as is
     */
    Report(List<Result> rows, Map<String, Object> context) {
        this.rows = List.copyOf(rows);
        this.context = new LinkedHashMap<>(context);
    }

    private Optional<Double> value(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).map(Result::value).findFirst();
    }

    private Optional<Double> ratio(Result r, String to) {
        if (r.unit() != Result.Unit.EVENTS_PER_S) {
            return Optional.empty();
        }
        return value(to).filter(v -> v > 0).map(v -> r.value() / v);
    }

    /**
     * A ratio of two rows: with several rounds, the median of the ratios within each round (both measured
     * minutes apart, so the machine's drift cancels), else the ratio of the values.
     */
    private Optional<Double> ratioOfRows(String numerator, String denominator) {
        Optional<Result> n = row(numerator);
        Optional<Result> d = row(denominator);
        if (n.isEmpty() || d.isEmpty() || d.get().value() <= 0) {
            return Optional.empty();
        }
        List<Double> a = n.get().rounds();
        List<Double> b = d.get().rounds();
        if (a.size() > 1 && a.size() == b.size()) {
            List<Double> perRound = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                perRound.add(a.get(i) / b.get(i));
            }
            return Optional.of(Result.medianOf(perRound));
        }
        return Optional.of(n.get().value() / d.get().value());
    }

    private Optional<Result> row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * IoTStream's figure over the peer's, e.g. 4.0 when the scorer does four times the peer's events/s. The PMML
     * peer is compared mode for mode: in interval mode neither evaluates the model per event, so that ratio says
     * little about the evaluators (docs/BENCHMARKS.md, "Peer B").
     */
    Map<String, Double> headlines() {
        Map<String, Double> h = new LinkedHashMap<>();
        String scorer = ScorerRuns.HEADLINE;
        String scorerEvent = ScorerRuns.name(2, "event");
        ratioOfRows(scorer, PASS_THROUGH).ifPresent(v -> h.put("scorer / pass-through Streams", v));
        ratioOfRows(scorer, CONSUMER).ifPresent(v -> h.put("scorer / bare consumer", v));
        ratioOfRows(scorer, SparkPeer.STATEFUL).ifPresent(v -> h.put("scorer / Spark (per-device state)", v));
        ratioOfRows(scorer, SparkPeer.STATELESS).ifPresent(v -> h.put("scorer / Spark stateless", v));
        ratioOfRows(scorerEvent, PmmlPeer.name("event"))
                .ifPresent(v -> h.put("scorer / PMML4S, both event mode", v));
        ratioOfRows(scorer, PmmlPeer.name("interval"))
                .ifPresent(v -> h.put("scorer / PMML4S, both interval mode", v));
        return h;
    }

    void printTable(PrintWriter out) {
        boolean rounds = rows.stream().anyMatch(r -> r.rounds().size() > 1);
        out.println("| section | run | " + (rounds ? "median | rounds" : "value") + " | unit | vs bare consumer | "
                + "vs pass-through | vs IoTStream |");
        out.println("| --- | --- | ---: | " + (rounds ? "---: | " : "") + "--- | ---: | ---: | ---: |");
        for (Result r : rows) {
            String value = format(r.unit(), r.value());
            if (rounds) {
                value += " | " + String.join(" / ", r.rounds().stream().map(v -> format(r.unit(), v)).toList());
            }
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.section(), r.name(), value,
                    r.unit().label(), percent(ratio(r, CONSUMER)), percent(ratio(r, PASS_THROUGH)),
                    percent(ratio(r, ScorerRuns.HEADLINE)));
        }
        List<Result> measured = rows.stream().filter(r -> r.cpu() != null).toList();
        if (!measured.isEmpty()) {
            out.println();
            out.println("CPU ns per record (steadier than events/s on a busy machine; – where not available):");
            out.println("| run | stream threads | whole bench JVM | broker |");
            out.println("| --- | ---: | ---: | ---: |");
            for (Result r : measured) {
                out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", r.name(), ns(r.cpu().streamThreadsNs()),
                        ns(r.cpu().jvmNs()), ns(r.cpu().brokerNs()));
            }
        }
        Map<String, Double> h = headlines();
        if (!h.isEmpty()) {
            out.println();
            out.println("Headline ratios (" + ScorerRuns.HEADLINE + " over each; PMML mode for mode"
                    + (rounds ? "; medians of the ratios within each round" : "") + "):");
            h.forEach((name, v) -> out.printf(Locale.ROOT, "  %-42s %.2f%n", name, v));
        }
        out.flush();
    }

    private static String format(Result.Unit unit, double value) {
        return switch (unit) {
            case EVENTS_PER_S, MILLISECONDS -> String.format(Locale.ROOT, "%,.0f", value);
            case MB_PER_S_PER_CORE -> String.format(Locale.ROOT, "%,.2f", value);
            default -> String.format(Locale.ROOT, "%,.1f", value);
        };
    }

    private static String ns(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "–";
    }

    /** JSON has no NaN: an unavailable figure is null. */
    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String percent(Optional<Double> ratio) {
        return ratio.map(v -> String.format(Locale.ROOT, "%.0f%%", 100 * v)).orElse("");
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(context);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Result r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", r.section());
            m.put("name", r.name());
            m.put("value", r.value());
            m.put("unit", r.unit().label());
            if (r.rounds().size() > 1) {
                m.put("rounds", r.rounds());
            }
            ratio(r, CONSUMER).ifPresent(v -> m.put("vsBareConsumer", v));
            ratio(r, PASS_THROUGH).ifPresent(v -> m.put("vsPassThrough", v));
            ratio(r, ScorerRuns.HEADLINE).ifPresent(v -> m.put("vsIoTStream", v));
            m.put("note", r.note());
            if (r.cpu() != null) {
                Map<String, Object> cpu = new LinkedHashMap<>();
                cpu.put("streamThreads", orNull(r.cpu().streamThreadsNs()));
                cpu.put("jvm", orNull(r.cpu().jvmNs()));
                cpu.put("broker", orNull(r.cpu().brokerNs()));
                m.put("cpuNsPerRecord", cpu);
            }
            list.add(m);
        }
        json.put("rows", list);
        json.put("headlines", headlines());
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    /**
     * A bar chart of the events/s rows (the other units do not share an axis with them).
     *
     * @return false, writing nothing, when there is no such row (e.g. a batch-only run): XChart cannot draw an
     *     empty category chart
     */
    boolean writeChart(Path file, String title) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Result r : rows) {
            if (r.unit() == Result.Unit.EVENTS_PER_S) {
                names.add(r.name());
                values.add(r.value() / 1e6);
            }
        }
        if (names.isEmpty()) {
            return false;
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(1000).title(title)
                .xAxisTitle("").yAxisTitle("million events/s").build();
        chart.getStyler().setLegendVisible(false);
        // Vertical labels: the run names are long, and slanted ones run off the right edge.
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setDecimalPattern("0.00");
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.addSeries("events/s", names, values);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return true;
    }

    /** The latency timelines as the JSON carries them: per system, one object per second of its feed. */
    static Map<String, List<Map<String, Object>>> timelinesJson(Map<String, List<LatencySamples.Second>> timelines) {
        Map<String, List<Map<String, Object>>> json = new LinkedHashMap<>();
        timelines.forEach((system, seconds) -> json.put(system, seconds.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("second", s.second());
            m.put("alerts", s.figures().count());
            m.put("p50Ms", s.figures().p50());
            m.put("p99Ms", s.figures().p99());
            m.put("maxMs", s.figures().max());
            return m;
        }).toList()));
        return json;
    }

    /**
     * The latency rows second by second: p50 and p99 of each system's alerts by the second of the feed their event
     * fell in, with the end of the warm-up marked, on a log scale (the peers differ tenfold). A cold start shows as
     * the warm-up's slope down to the steady state the rows report.
     *
     * @return false, writing nothing, when there is no timeline
     */
    static boolean writeLatencyChart(Path file, String title, Map<String, List<LatencySamples.Second>> timelines,
            int warmUpSeconds) throws IOException {
        if (timelines.values().stream().allMatch(List::isEmpty)) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(1200).height(700).title(title)
                .xAxisTitle("seconds since the feed started, by event time (warm-up left of the line; "
                        + "seconds without alerts are skipped)")
                .yAxisTitle("event to alert, ms (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        // Whole decades at both ends, so that the log axis has labels (XChart labels only powers of ten).
        long low = timelines.values().stream().flatMap(List::stream).mapToLong(s -> Math.max(1, s.figures().p50()))
                .min().orElse(1);
        long high = timelines.values().stream().flatMap(List::stream).mapToLong(s -> s.figures().p99()).max()
                .orElse(10);
        double min = Math.pow(10, Math.floor(Math.log10(low)));
        chart.getStyler().setYAxisMin(min);
        chart.getStyler().setYAxisMax(Math.max(min * 10, Math.pow(10, Math.ceil(Math.log10(Math.max(10, high))))));
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(4);
        timelines.forEach((system, seconds) -> {
            if (seconds.isEmpty()) {
                return;
            }
            // Each point at the middle of its second: the alerts for events in [s, s + 1).
            List<Double> x = seconds.stream().map(s -> s.second() + 0.5).toList();
            // A log axis cannot show 0 ms.
            chart.addSeries(system + " p50", x, seconds.stream().map(s -> Math.max(1, s.figures().p50())).toList());
            chart.addSeries(system + " p99", x, seconds.stream().map(s -> Math.max(1, s.figures().p99())).toList());
        });
        if (warmUpSeconds > 0) {
            chart.addAnnotation(new AnnotationLine(warmUpSeconds, true, false));
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return true;
    }

    static String stamp(Instant start) {
        return start.toString().replace(":", "").replaceAll("\\.\\d+", "");
    }
}
