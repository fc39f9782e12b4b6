package io.iotstream.scoring.testing;

import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.process.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code score run} in a child JVM, started as an operator starts it (flags and environment variables), for the
 * tests that need what an in-process scorer cannot give: kill it like a crash ({@link #kill()}, {@code SIGKILL}: no
 * commit, no close, an open transaction), stop it like Kubernetes stops a pod ({@link #stop()}, {@code SIGTERM}),
 * run it on the class path the image holds, and read its operator endpoint ({@code /health/*}, {@code /metrics}) and
 * its log, as a probe or a scraper would.
 *
 * <p>The child sees this JVM's environment without any {@code IOTSTREAM_*} or {@code AWS_*} variable, plus
 * {@code env}: what configures it is what the test gives it, never a developer's shell. Its output is appended to
 * {@code scorer-<name>.log} in the given directory; an instance restarted under the same name shares the file, and
 * {@link #logText()} returns only what this process wrote. Closing kills the process if it still runs, and so does
 * the end of the test JVM.
 */
public final class ScorerProcess implements AutoCloseable {

    private static final Pattern ENDPOINT = Pattern.compile("operator endpoint on [^:\\s]+:(\\d+)");
    private static final Pattern VERSION = Pattern.compile("version=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * Small heap, serial GC and C1 only: several scorers and a broker share two cores in CI, and these JVMs live
     * for seconds to minutes. Kafka's client INFO lines would drown the scorer's own.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Daws.disableEc2Metadata=true",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");

    private final String name;
    private final ChildProcess process;
    private int port;

    private ScorerProcess(String name, ChildProcess process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code score run} on this JVM's class path, with {@code settings} (keys of {@link ScoringConfig}) as
     * flags and {@code env} added to the environment.
     *
     * @param name for messages and the log file name
     * @param dir where the log file goes
     */
    public static ScorerProcess start(String name, Map<String, String> settings, Map<String, String> env, Path dir) {
        return start(name, List.of(System.getProperty("java.class.path")), settings, env, dir);
    }

    /**
     * Starts {@code score run} on {@code classpath} (e.g. the scorer's jar and runtime dependencies, as an image
     * holds them), with {@code settings} as flags and {@code env} added to the environment.
     */
    public static ScorerProcess start(String name, List<String> classpath, Map<String, String> settings,
            Map<String, String> env, Path dir) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.thisJava().toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(ScoringCommand.class.getName());
        command.add("run");
        settings.forEach((k, v) -> command.add(ScoringConfig.flagName(k) + "=" + v));
        return new ScorerProcess(name, ChildProcess.command(command).name("scorer " + name)
                .withoutInherited(k -> k.startsWith("IOTSTREAM_") || k.startsWith("AWS_")).environment(env)
                .logFile(dir.resolve("scorer-" + name + ".log")).start());
    }

    public String name() {
        return name;
    }

    /** The log file, shared with earlier processes of the same name. */
    public Path log() {
        return process.logFile();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Throws with the log's tail if the process has exited: for waits on a scorer that must not stop on its own. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("scorer " + name + " exited with " + process.exitCode() + ":\n" + tail());
        }
    }

    /** SIGKILL: the process dies mid-transaction, as in a crash. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGTERM, as Kubernetes stops a pod, then the exit code (143 when the JVM reports the signal). */
    public int stop() throws InterruptedException {
        if (!process.stop(Duration.ofSeconds(60))) {
            throw new IllegalStateException("scorer " + name + " did not stop within 60 s of SIGTERM:\n" + tail());
        }
        return process.exitCode();
    }

    /** The operator endpoint's port, once the process printed it (it may bind port 0). */
    public synchronized int port() {
        if (port == 0) {
            port = Await.until("scorer " + name + " prints its operator endpoint", Duration.ofSeconds(60), () -> {
                requireAlive();
                Matcher m = ENDPOINT.matcher(logText());
                return m.find() ? Integer.parseInt(m.group(1)) : null;
            });
        }
        return port;
    }

    /** GET {@code path} on the operator endpoint: status and body, or null if it does not answer. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The value of the first Prometheus sample whose line starts with {@code sample} (a metric name, optionally
     * with the start of its labels, e.g. {@code iotstream_model_info{name="m",version="v1"}), if present.
     */
    public OptionalDouble metric(String sample) {
        for (String line : metricLines()) {
            if (line.startsWith(sample) && line.length() > sample.length()
                    && " {},".indexOf(line.charAt(sample.length())) >= 0) {
                return OptionalDouble.of(value(line));
            }
        }
        return OptionalDouble.empty();
    }

    /** The sum of every sample of {@code name} (all label values); NaN if /metrics does not answer. */
    public double metricSum(String name) {
        List<String> lines = metricLines();
        if (lines.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (String line : lines) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += value(line);
            }
        }
        return sum;
    }

    /** The model version the scorer reports serving ({@code iotstream_model_info} at 1), if any. */
    public Optional<String> servedVersion() {
        for (String line : metricLines()) {
            if (line.startsWith("iotstream_model_info{") && value(line) == 1.0) {
                Matcher m = VERSION.matcher(line);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /** The process's resident set size in MiB (Linux /proc), or -1 where unknown: a figure to print. */
    public long residentMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** What this process printed (not an earlier process of the same name). */
    public String logText() {
        return process.logText();
    }

    /** The last lines this process printed, for failure messages. */
    public String tail() {
        return process.logTail(40);
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        process.close();
    }

    /** The lines of /metrics, or none if it does not answer. */
    private List<String> metricLines() {
        HttpResponse<String> response = get("/metrics");
        return response == null || response.statusCode() != 200 ? List.of() : response.body().lines().toList();
    }

    private static double value(String sampleLine) {
        return Double.parseDouble(sampleLine.substring(sampleLine.lastIndexOf(' ') + 1));
    }
}
