package io.iotstream.bench;

import io.iotstream.devservices.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch tools as users run them: training-spark's command line ({@code bin/iotstream-training}) as child
 * processes, never Spark in this JVM. iotgen writes rows x sensors as CSV with 2 partitions on local[2]; its rate
 * counts the data as the original benchmark did, rows x (sensors + 1) x 8 bytes, over the process's wall time
 * (JVM and Spark start included) and the 2 cores. iottrain trains on that CSV with Spark ML and with Tribuo; its
 * figure is the process's wall time, start to exported artifact.
 */
final class BatchRuns {

    private static final Pattern TRAINED = Pattern.compile("Trained .* in ([0-9.]+) seconds");
    private static final int CORES = 2;

    private final Workload w;
    private final BenchProgress progress;

    BatchRuns(Workload w, BenchProgress progress) {
        this.w = w;
        this.progress = progress;
    }

    List<Result> run() throws IOException, InterruptedException {
        Path launcher = launcher(w.settings.repoRoot());
        long rows = w.settings.batchRows();
        int sensors = w.settings.batchSensors();
        Path data = w.work.resolve("gen");
        Map<String, String> env = Map.of("JAVA_OPTS", "-Xmx" + w.settings.childHeap(), "JAVA",
                ChildProcess.thisJava().toString());
        Duration limit = Duration.ofMinutes(30);
        String size = String.format(Locale.ROOT, "%,d x %d", rows, sensors);
        List<Result> out = new ArrayList<>();

        progress.step("batch: iotgen %s as CSV (child process)", size);
        Finished gen = run("iotgen", List.of(launcher.toString(), "gen",
                Long.toString(rows), Integer.toString(sensors), Integer.toString(CORES), data.toString(),
                "--format", "csv", "--seed", "1"), env, w.work.resolve("iotgen.log"), limit);
        double megabytes = rows * (sensors + 1) * 8.0 / 1e6;
        out.add(new Result("batch", "iotgen CSV " + size, megabytes / gen.seconds() / CORES,
                Result.Unit.MB_PER_S_PER_CORE, String.format(Locale.ROOT,
                        "%.0f MB in %.1f s wall, JVM and Spark start included, local[2]", megabytes, gen.seconds())));

        for (String engine : List.of("spark", "tribuo")) {
            progress.step("batch: iottrain --engine %s on %s (child process)", engine, size);
            Finished train = run("iottrain " + engine, List.of(launcher.toString(),
                    "train", data.toString(), "--format", "csv", "--engine", engine, "--output",
                    w.work.resolve("model-" + engine).toString()), env, w.work.resolve("iottrain-" + engine + ".log"),
                    limit);
            String own = train.lines().stream().map(TRAINED::matcher).filter(Matcher::find)
                    .map(m -> "; the command's own timing: " + m.group(1) + " s").findFirst().orElse("");
            out.add(new Result("batch", "iottrain " + (engine.equals("spark") ? "Spark ML local[2]" : "Tribuo")
                    + " " + size, train.seconds(), Result.Unit.SECONDS,
                    "process wall time, start to exported artifact, CSV input, holdout 0.3" + own));
        }
        return out;
    }

    /** What a finished child left: its wall time and its output lines. */
    private record Finished(double seconds, List<String> lines) {
    }

    /** Runs a child to its end within {@code limit}; a failure names its cause with the log's tail. */
    private static Finished run(String what, List<String> command, Map<String, String> env, Path log,
            Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        ChildProcess child = ChildProcess.command(command).name(what).environment(env).logFile(log).start();
        child.awaitSuccess(limit);
        return new Finished((System.nanoTime() - start) / 1e9, child.logText().lines().toList());
    }

    static Path launcher(Path repoRoot) {
        Path launcher = repoRoot.resolve("training-spark").resolve("bin").resolve("iotstream-training");
        Path classpath = repoRoot.resolve("training-spark").resolve("target").resolve("classpath.txt");
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(classpath)) {
            throw new IllegalArgumentException("iotgen/iottrain are not built (no " + classpath + "): run "
                    + "mvn -pl training-spark -am -DskipTests install, or --skip batch");
        }
        return launcher;
    }
}
