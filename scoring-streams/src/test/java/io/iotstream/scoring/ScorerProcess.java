package io.iotstream.scoring;

import io.iotstream.scoring.cli.ScoringCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code score run} in a child JVM, so that a test can kill it like a crash ({@code SIGKILL}: no commit, no
 * close) or stop it like Kubernetes ({@code SIGTERM}). Its output goes to a log file.
 */
final class ScorerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ScorerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code score run} with {@code settings} as flags and {@code env} added to this JVM's environment.
     */
    static ScorerProcess start(Map<String, String> settings, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseParallelGC");
        command.add("-Daws.disableEc2Metadata=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ScoringCommand.class.getName());
        command.add("run");
        settings.forEach((k, v) -> command.add(ScoringConfig.flagName(k) + "=" + v));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return new ScorerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scorer process", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process dies mid-transaction, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the scorer did not stop within 60 s of SIGTERM; log: " + tail());
        }
        return process.exitValue();
    }

    /** The last lines of the process output, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
